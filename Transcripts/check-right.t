Checking your own gradients
===========================

A network file may state your own formula for each gradient, one `grad` line per value:
`grad NAME = EXPRESSION`, in the same language as the network, using every value by name and
`dNAME` for the gradients stated on other lines. `backprop check FILE` evaluates each one and
compares it, entry by entry, with backpropagation (and a central finite difference), from the
loss back: `exact` when the numbers are the same bit for bit, `close` when they are the same up
to rounding.

The 2-2-2 sigmoid network with every gradient worked out by hand (`do` is ∂loss/∂o):

  $ backprop check Transcripts/fixtures/check/sigmoid-right.net
  Stated gradients of Transcripts/fixtures/check/sigmoid-right.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  exact
    db2  (2)    exact
    dW2  (2×2)  exact
    dh   (1×2)  exact
    dz1  (1×2)  exact
    db1  (2)    exact
    dW1  (2×2)  exact
  
  All 8 stated gradients are right.

The same answer can be written in more than one way: `sum(dy, axis=0)` for a bias, `dh *
step(z1)` for the ReLU's mask (`step` is 1 where its input is > 0, else 0):

  $ backprop check Transcripts/fixtures/check/relu-batch-right.net
  Stated gradients of Transcripts/fixtures/check/relu-batch-right.net, from the loss back:
    dy   (4×2)  exact
    db2  (2)    exact
    dW2  (4×2)  exact
    dh   (4×4)  exact
    dz1  (4×4)  exact
    db1  (4)    exact
    dW1  (3×4)  exact
  
  All 7 stated gradients are right.

A gradient not worked out yet is written `grad NAME = ?`: it is `not answered`, and the
gradients that use it are checked with the right one put in. The exit code is 1 until every
stated gradient is right.

  $ backprop check Transcripts/fixtures/check/sigmoid-unanswered.net
  Stated gradients of Transcripts/fixtures/check/sigmoid-unanswered.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  exact
    db2  (2)    exact
    dW2  (2×2)  not answered
    dh   (1×2)  exact
    dz1  (1×2)  exact
    db1  (2)    not answered
    dW1  (2×2)  not answered
  ! backprop: 3 of 8 stated gradients are not right yet: dW2 (not answered), db1 (not answered), dW1 (not answered)
  [exit 1]

`trace` shows each stated gradient in a `stated` row under backpropagation's, `trace --json`
as a `stated` field, and `explain` under the derivation of each gradient:

  $ backprop trace Transcripts/fixtures/check/sigmoid-unanswered.net
  Trace of Transcripts/fixtures/check/sigmoid-unanswered.net
  
  Forward pass (16 nodes, in execution order)
  id  name              op         inputs  shape  value
   0  x                 input              (1×2)  [[0.05, 0.1]]
   1  t                 constant           (1×2)  [[0.01, 0.99]]
   2  W1                parameter          (2×2)  [[0.15, 0.25],
                                                   [ 0.2,  0.3]]
   3  b1                parameter          (2)    [0.35, 0.35]
   4  W2                parameter          (2×2)  [[ 0.4,  0.5],
                                                   [0.45, 0.55]]
   5  b2                parameter          (2)    [0.6, 0.6]
   6  x @ W1            matmul     0,2     (1×2)  [[0.0275, 0.0425]]
   7  z1                add        6,3     (1×2)  [[0.3775, 0.3925]]
   8  h                 sigmoid    7       (1×2)  [[0.59327, 0.596884]]
   9  h @ W2            matmul     8,4     (1×2)  [[0.505906, 0.624921]]
  10  z2                add        9,5     (1×2)  [[1.10591, 1.22492]]
  11  o                 sigmoid    10      (1×2)  [[0.751365, 0.772928]]
  12  o - t             subtract   11,1    (1×2)  [[0.741365, -0.217072]]
  13  (o - t) ^ 2       pow        12      (1×2)  [[0.549622, 0.0471201]]
  14  sum((o - t) ^ 2)  sum        13      ()     0.596742
  15  loss              scale      14      ()     0.298371
  loss = 0.298371
  
  Backward pass (14 gradients ∂loss/∂node, in reverse order)
  id  name              shape  gradient
  15  loss              ()     1
  14  sum((o - t) ^ 2)  ()     0.5
  13  (o - t) ^ 2       (1×2)  [[0.5, 0.5]]
  12  o - t             (1×2)  [[0.741365, -0.217072]]
  11  o                 (1×2)  [[0.741365, -0.217072]]
        stated          (1×2)  [[0.741365, -0.217072]]
  10  z2                (1×2)  [[0.138499, -0.0380982]]
        stated          (1×2)  [[0.138499, -0.0380982]]
   9  h @ W2            (1×2)  [[0.138499, -0.0380982]]
   8  h                 (1×2)  [[0.0363503, 0.0413703]]
        stated          (1×2)  [[0.0363503, 0.0413703]]
   7  z1                (1×2)  [[0.00877135, 0.00995425]]
        stated          (1×2)  [[0.00877135, 0.00995425]]
   6  x @ W1            (1×2)  [[0.00877135, 0.00995425]]
   5  b2                (2)    [0.138499, -0.0380982]
        stated          (1×2)  [[0.138499, -0.0380982]]
   4  W2                (2×2)  [[ 0.082167, -0.0226025],
                                [0.0826676, -0.0227402]]
   3  b1                (2)    [0.00877135, 0.00995425]
   2  W1                (2×2)  [[0.000438568, 0.000497713],
                                [0.000877135, 0.000995425]]
  (a 'stated' row is the gradient of the row above as its grad line states it)

The gradient of an input can be stated too (backpropagation then computes it as well); in
`explain`, each stated gradient comes right under the derivation of the same gradient:

  $ backprop check Transcripts/fixtures/check/neuron-input.net
  Stated gradients of Transcripts/fixtures/check/neuron-input.net, from the loss back:
    dz  (2×1)  exact
    dw  (2×1)  exact
    dx  (2×2)  exact
  
  All 3 stated gradients are right.

  $ backprop explain Transcripts/fixtures/check/neuron-input.net
  Explaining Transcripts/fixtures/check/neuron-input.net
  
  Forward pass (5 nodes, in execution order)
    x (input) = [[0.5,  -1],
                 [0.2, 0.4]]
    w (parameter) = [[0.8],
                     [0.3]]
    z = x · w = [[ 0.1],
                 [0.28]]
    tanh(z) = [[0.099668],
               [0.272905]]
    loss = sum(tanh(z)) = 0.372573
  
  Backward pass (dX means ∂loss/∂X; from the loss back)
    dloss = ∂loss/∂loss = 1   (backward starts here)
  
    d(tanh(z)) = ∂loss/∂(tanh(z))   (tanh(z) is an input of loss itself)
      local ∂loss/∂(tanh(z)), from sum: ∂(Σ xᵢ)/∂xⱼ = 1: every summed element receives the upstream
          gradient
      d(tanh(z)) = broadcast(dloss)
                 = broadcast(1)
                 = [[1],
                    [1]]
  
    dz = ∂loss/∂z = d(tanh(z)) · ∂(tanh(z))/∂z
      local ∂(tanh(z))/∂z, from tanh: tanh'(z) = 1 − tanh(z)²
      dz = d(tanh(z)) ⊙ (1 − (tanh(z))²)
         = [[1], [1]] ⊙ (1 − [[0.099668], [0.272905]]²)
         = [[0.990066],
            [0.925523]]
      stated dz = [[0.990066],
                   [0.925523]]
        the same as derived
  
    dw = ∂loss/∂w = dz · ∂z/∂w
      unrolled, the local steps from the loss down to w multiply into its whole chain:
      ∂loss/∂w = ∂loss/∂(tanh(z)) · ∂(tanh(z))/∂z · ∂z/∂w
      local ∂z/∂w, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] = A[i,k], so dA
          = dY·Bᵀ and dB = Aᵀ·dY
      dw = xᵀ · dz   : (2×2) · (2×1) → (2×1)
         = [[0.5, -1], [0.2, 0.4]]ᵀ · [[0.990066], [0.925523]]
         = [[ 0.680138],
            [-0.619857]]
      stated dw = [[ 0.680138],
                   [-0.619857]]
        the same as derived
  
    dx = ∂loss/∂x = dz · ∂z/∂x
      local ∂z/∂x, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] = A[i,k], so dA
          = dY·Bᵀ and dB = Aᵀ·dY
      dx = dz · wᵀ   : (2×1) · (1×2) → (2×2)
         = [[0.990066], [0.925523]] · [[0.8], [0.3]]ᵀ
         = [[0.792053,  0.29702],
            [0.740418, 0.277657]]
      stated dx = [[0.792053,  0.29702],
                   [0.740418, 0.277657]]
        the same as derived
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient    shape  checked  worst rel. error  entries  status
    d(tanh(z))  (2×1)        2            <1e-11  2 PASS   PASS
    dz          (2×1)        2            <1e-10  2 PASS   PASS
    dw          (2×1)        2            <1e-10  2 PASS   PASS
    dx          (2×2)        4            <1e-10  4 PASS   PASS
  check: 10 entries, worst relative error <1e-10, h = 1e-05: PASS

A file without `grad` lines, such as a lesson, has nothing to check:

  $ backprop check 2
  ! backprop: Lessons/02-two-layer-sigmoid.md states no gradients: write your own as 'grad NAME = EXPRESSION' (or 'grad NAME = ?' to answer later)
  [exit 1]
