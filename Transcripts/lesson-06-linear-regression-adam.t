Lesson 6: 6. Linear regression by gradient descent and by Adam
==============================================================

The lesson as `backprop lesson 6` prints it: the text of Lessons/06-linear-regression-adam.md,
with the output of its steps in place of its run blocks; its steps run NN's
optimizers, the ones `backprop` trains with. It ends with the numeric check.

  $ backprop lesson 6
  # 6. Linear regression by gradient descent and by Adam
  
  > The Keras tutorial's GradientTape example: a line fitted with mean squared error by Adam (η =
    0.01, 100 epochs), the Adam step with bias correction written out, the loss per epoch, the fit
    against the truth.
  
  The simplest model that learns: a line `y = w·x + b`, fitted to points by minimizing the mean
  squared error. The Keras tutorial does this with TensorFlow's `GradientTape`: record the forward
  pass, ask the tape for `∂loss/∂w` and `∂loss/∂b`, and hand them to the Adam optimizer with
  learning rate 0.01, for 100 epochs. Here is the same model as a network. The ten points lie on the
  line `y = 3x + 2`, each moved up or down by a little noise; `w` and `b` start at 0:
  
      input  x = [[0.0], [0.1], [0.2], [0.3], [0.4], [0.5], [0.6], [0.7], [0.8], [0.9]]
      target y = [[2.05], [2.22], [2.63], [3.00], [3.16], [3.41], [3.86], [4.12], [4.35], [4.77]]
  
      param  w = [[0.0]]
      param  b = [0.0]
  
      prediction = x @ w + b
      loss       = mse(prediction, y)           # mean((prediction − y)²)
  
  The gradients are those of lesson 1, averaged over the points:
  `∂loss/∂w = (2/N) Σ (predictionᵢ − yᵢ)·xᵢ` and `∂loss/∂b = (2/N) Σ (predictionᵢ − yᵢ)`.
  
      db = ∂loss/∂b = dprediction · ∂prediction/∂b
        local ∂prediction/∂b, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row
            (a bias) collects the sum of their gradients
        db = sum(dprediction)
           = sum([[-0.41], [-0.444], [-0.526], [-0.6], [-0.632], [-0.682], [-0.772], [-0.824],
               [-0.87], [-0.954]])
           = [-6.714]
  
      dw = ∂loss/∂w = d(x @ w) · ∂(x @ w)/∂w
        unrolled, the local steps from the loss down to w multiply into its whole chain:
        ∂loss/∂w = ∂loss/∂prediction · ∂prediction/∂(x @ w) · ∂(x @ w)/∂w
        local ∂(x @ w)/∂w, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
            A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
        dw = xᵀ · d(x @ w)   : (1×10) · (10×1) → (1×1)
           = [[-3.518]]
  
  ## Adam, one step written out
  
  Plain gradient descent moves every parameter by `η·g`: large gradients make large steps. Adam
  keeps two running averages per parameter, of the gradient (`m`, the direction) and of its square
  (`v`, its typical size), and steps by their ratio, so every parameter moves by about `η` per step
  whatever the scale of its gradient:
  
      m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²
      m̂ = m / (1 − β1ᵗ)                v̂ = v / (1 − β2ᵗ)
      θ ← θ − η · m̂ / (√v̂ + ε)
  
  `m` and `v` start at 0, so early on they are too small: after one step `m = (1 − β1)·g` is a
  tenth of `g`. Dividing by `1 − β1ᵗ` (and `1 − β2ᵗ`) corrects that bias exactly; as `t` grows the
  corrections go to 1. In the first step `m̂ = g` and `v̂ = g²`, so the step is `η·g/|g| = ±η`.
  
  The program below fits these points with `LinearRegression`, the code `backprop regress` runs
  (one full-batch step per epoch here), once with NN's `Adam` — the optimizer `backprop` trains
  MNIST with — and once with plain gradient descent (`SGD`), and writes Adam's first step out by
  hand beside it:
  
      Adam(η = 0.01, β1 = 0.9, β2 = 0.999, ε = 1e-07), step t = 1:
        w
        g:                  -3.518
        m = (1 − β1)·g:     -0.3518
        v = (1 − β2)·g²:    0.0123763
        m̂ = m/(1 − β1ᵗ):    -3.518
        v̂ = v/(1 − β2ᵗ):    12.3763
        θ − η·m̂/(√(v̂) + ε̂): 0.00999999
        
        b
        g:                  -6.714
        m = (1 − β1)·g:     -0.6714
        v = (1 − β2)·g²:    0.0450778
        m̂ = m/(1 − β1ᵗ):    -6.714
        v̂ = v/(1 − β2ᵗ):    45.0778
        θ − η·m̂/(√(v̂) + ε̂): 0.01
      (ε̂ = ε/√(1 − β2ᵗ): Keras folds the bias corrections into the step size α_t = η·√(1 − β2ᵗ)/(1 −
          β1ᵗ).)
      NN's Adam after step 1: w = 0.00999999, b = 0.01, the same as by hand.
  
      Loss (mean squared error) before each epoch's step, 100 epochs:
        epoch  gradient descent (η = 0.1)  Adam (η = 0.01)
        1                         12.0211          12.0211
        2                         6.97431           11.919
        3                         4.08317          11.8173
        4                         2.42594          11.7161
        5                         1.47504          11.6154
        10                       0.261341          11.1189
        20                       0.141011          10.1645
        30                       0.108068          9.26525
        40                      0.0832149          8.42347
        50                      0.0642998          7.63936
        60                      0.0499031          6.91169
        70                      0.0389455          6.23848
        80                      0.0306055          5.61735
        90                      0.0242577           5.0458
        100                     0.0194262          4.52123
        after                   0.0190117          4.47126
  
      The fitted lines y = w·x + b against the truth:
                                 w         b  y at x = 0  y at x = 1
        truth                    3         2           2           5
        gradient descent   2.58693   2.20673     2.20673     4.79366
        Adam              0.919836  0.916575    0.916575     1.83641
  
      The gradients at Adam's final parameters, checked:
      gradient     shape   checked  worst rel. error  entries  status
      dprediction  (10×1)       10            <1e-10  10 PASS  PASS
      d(x @ w)     (10×1)       10            <1e-10  10 PASS  PASS
      db           (1)           1            <1e-10  1 PASS   PASS
      dw           (1×1)         1            <1e-10  1 PASS   PASS
  
      check: 22 entries, worst relative error <1e-10, h = 1e-05: PASS
  
  ## What happened
  
  Adam's steps are about `η = 0.01` each, so in 100 epochs neither parameter can move by much more
  than 1: after the Keras tutorial's 100 epochs the line is still far from `w = 3, b = 2`, though the
  loss has come down steadily. Plain gradient descent with `η = 0.1` gets much closer in the same
  epochs, because on this small, well-scaled problem the raw gradient is a good step. Adam's strength
  is elsewhere: on networks whose parameters have gradients of very different sizes, one learning rate
  suits them all.
  
