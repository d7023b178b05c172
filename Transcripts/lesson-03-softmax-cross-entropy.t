Lesson 3: 3. Softmax with cross-entropy
=======================================

The lesson as `backprop lesson 3` prints it: the text of Lessons/03-softmax-cross-entropy.md, with
the computed output of each step in place of its run blocks. It ends with the
numeric check of every gradient entry.

  $ backprop lesson 3
  # 3. Softmax with cross-entropy
  
  > Why the gradient of softmax cross-entropy is p − onehot(y), and why log-softmax is computed
    stably.
  
  A classifier gives one score (a logit) per class. Softmax turns the logits `z` of a sample into
  probabilities, `pᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)`, and the cross-entropy loss of a sample whose true
  class is `y` is `−log p_y`. Averaged over a batch of `N` samples:
  
      L = −(1/N) Σₙ log pₙ[yₙ]
  
  Here are two samples with two features each, three classes, and labels 2 and 0:
  
      input  x = [[1.0,  2.0],
                  [0.5, -1.0]]
      labels y = [2, 0]
  
      param  W = [[0.2, -0.5,  0.1],
                  [0.4,  0.3, -0.2]]
      param  b = [0.0, 0.1, -0.1]
  
      logits = x @ W + b
      p      = softmax(logits)           # shown for reading; the loss computes its own
  
  ## Why log-softmax is computed stably
  
  Written directly, `exp(1000)` overflows to infinity and `exp(−1000)` underflows to 0, so
  `log(softmax(z))` of large logits takes the log of 0. Softmax is computed as
  `exp(z − max z) / Σ exp(z − max z)`, which never overflows, and log-softmax as
  `z − max z − log Σ exp(z − max z)`, which never takes the log of an underflowed 0.
  The cross-entropy loss below works on log-softmax for this reason. A side computation shows the
  difference (it does not feed the loss, so it takes no gradient):
  
      input big = [[1000, 0, -1000]]
      overflowing = exp(big)
      naive       = log(softmax(big))
      stable      = log_softmax(big)
  
      overflowing = exp(big) = [[inf, 1, 0]]
      naive = log(softmax(big)) = [[0, -inf, -inf]]
      stable = log_softmax(big) = [[0, -1000, -2000]]
  
  `naive` has lost the two small classes (`−inf`), `stable` keeps them exactly: `−1000` and
  `−2000`.
  
  ## Why the gradient is p − onehot(y)
  
  For one sample, `−log p_y = −z_y + log Σⱼ exp(zⱼ)`. Differentiate with respect to `zᵢ`: the first
  term gives `−1` when `i = y` and `0` otherwise, that is `−onehot(y)ᵢ`; the second gives
  `exp(zᵢ) / Σⱼ exp(zⱼ) = pᵢ`. So
  
      ∂(−log p_y)/∂zᵢ = pᵢ − onehot(y)ᵢ
  
  and the mean over the batch divides by `N`. Every exponential and every quotient of the softmax
  cancels: the gradient is "what the model predicted minus what was true". That is why softmax and
  cross-entropy are one op (`cross_entropy`) in the engine: its backward is this one subtraction.
  
      loss = cross_entropy(logits, y)
  
      logits = (x @ W) + b = [[   1,   0.2, -0.4],
                              [-0.3, -0.45, 0.15]]
      p = softmax(logits) = [[0.589648, 0.264946, 0.145406],
                             [0.291628, 0.251007, 0.457365]]
      loss = cross_entropy(logits, labels) = 1.58025
  
      dlogits = ∂loss/∂logits   (logits is an input of loss itself)
        local ∂loss/∂logits, from cross_entropy: L = −(1/N) Σ log pᵢ[yᵢ] with p = softmax(z): ∂L/∂z =
            (p − onehot(y)) / N
        dlogits = dloss ⊙ (softmax(logits) − onehot(labels)) / N
                = 1 ⊙ (softmax([[1, 0.2, -0.4], [-0.3, -0.45, 0.15]]) − [[0, 0, 1], [1, 0, 0]]) / 2
                = [[ 0.294824, 0.132473, -0.427297],
                   [-0.354186, 0.125503,  0.228682]]
  
  Row 0 has label 2 and `p = [0.590, 0.265, 0.145]`, so `dlogits = (p − [0, 0, 1]) / 2 =
  [0.295, 0.132, −0.427]`: the true class gets a negative gradient (raising its logit lowers the
  loss), the others a positive one, in proportion to how much probability they wrongly took.
  
  ## Checked
  
      gradient  shape  checked  worst rel. error  entries  status
      dlogits   (2×3)        6            <1e-10  6 PASS   PASS
      d(x @ W)  (2×3)        6            <1e-10  6 PASS   PASS
      db        (3)          3             <1e-9  3 PASS   PASS
      dW        (2×3)        6            <1e-10  6 PASS   PASS
  
      check: 21 entries, worst relative error <1e-9, h = 1e-05: PASS
  
