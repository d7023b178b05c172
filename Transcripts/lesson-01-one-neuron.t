Lesson 1: 1. One neuron
=======================

The lesson as `backprop lesson 1` prints it: the text of Lessons/01-one-neuron.md, with
the computed output of each step in place of its run blocks. It ends with the
numeric check of every gradient entry.

  $ backprop lesson 1
  # 1. One neuron
  
  > y = w·x + b with a squared error: the chain rule by hand, then one gradient-descent step.
  
  A neuron with one input multiplies it by a weight `w`, adds a bias `b`, and gives `y`. We want
  `y` to be the target `t`, and we measure how far it is with the squared error `L = (y − t)²`.
  Training means changing `w` and `b` so that `L` gets smaller; to know which way to change them we
  need the derivatives `∂L/∂w` and `∂L/∂b`.
  
  Here is the whole computation as a network file. Every line after the declarations is one step,
  and every step gets a name, so that every intermediate value can be printed:
  
      input  x = [[1.5]]        # the input
      target t = [[2.0]]        # what y should be
      param  w = [[0.8]]        # the weight
      param  b = [0.2]          # the bias
  
      xw   = x * w              # 1.5 · 0.8
      y    = xw + b             # the neuron's output
      e    = y - t              # the error
      sq   = e ^ 2              # the squared error, a 1×1 matrix
      loss = sum(sq)            # L = (y − t)², one number
  
  ## Forward
  
  The forward pass computes each line in order:
  
      x (input) = [[1.5]]
      t (constant) = [[2]]
      w (parameter) = [[0.8]]
      b (parameter) = [0.2]
      xw = x · w = [[1.2]]
      y = xw + b = [[1.4]]
      e = y − t = [[-0.6]]
      sq = e^2 = [[0.36]]
      loss = sum(sq) = 0.36
  
  So `y = 1.4`, the error is `e = −0.6` and the loss is `0.36`.
  
  ## Backward, by the chain rule
  
  `L` depends on `w` only through a chain: `w → xw → y → e → sq → L`. The chain rule says the
  derivative along a chain is the product of the local derivatives of its links:
  
      ∂L/∂w = ∂L/∂sq · ∂sq/∂e · ∂e/∂y · ∂y/∂xw · ∂xw/∂w = 1 · 2e · 1 · 1 · x = 2 · (−0.6) · 1.5 = −1.8
  
  and in the same way `∂L/∂b = 1 · 2e · 1 · 1 = −1.2`. Backpropagation computes exactly these
  products, from the loss back, reusing each product it has already formed: `dy` (short for
  `∂L/∂y`) is computed once and then used for both `dw` and `db`. So each step below is one link
  of the chain: a gradient from the gradient one step nearer the loss (`dy` from `de`), with the
  local derivative taken from the op's own rule, the formula, the formula with the numbers put
  in, and the result. Under `dw` the links are multiplied out once, into the product above:
  
      dloss = ∂loss/∂loss = 1   (backward starts here)
  
      dsq = ∂loss/∂sq   (sq is an input of loss itself)
        local ∂loss/∂sq, from sum: ∂(Σ xᵢ)/∂xⱼ = 1: every summed element receives the upstream
            gradient
        dsq = broadcast(dloss)
            = broadcast(1)
            = [[1]]
  
      de = ∂loss/∂e = dsq · ∂sq/∂e
        local ∂sq/∂e, from pow: ∂(xᶜ)/∂x = c·xᶜ⁻¹
        de = dsq ⊙ 2 ⊙ e^1
           = 1 ⊙ 2 ⊙ (-0.6)^1
           = [[-1.2]]
  
      dy = ∂loss/∂y = de · ∂e/∂y
        local ∂e/∂y, from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
        dy = de
           = [[-1.2]]
  
      dxw = ∂loss/∂xw = dy · ∂y/∂xw
        local ∂y/∂xw, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias)
            collects the sum of their gradients
        dxw = dy
            = [[-1.2]]
  
      db = ∂loss/∂b = dy · ∂y/∂b
        local ∂y/∂b, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias)
            collects the sum of their gradients
        db = sum(dy)
           = sum((-1.2))
           = [-1.2]
  
      dw = ∂loss/∂w = dxw · ∂xw/∂w
        unrolled, the local steps from the loss down to w multiply into its whole chain:
        ∂loss/∂w = ∂loss/∂sq · ∂sq/∂e · ∂e/∂y · ∂y/∂xw · ∂xw/∂w
        local ∂xw/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
        dw = dxw ⊙ x
           = (-1.2) ⊙ 1.5
           = [[-1.8]]
  
  ## Checked
  
  Every derivative above is checked three ways, at the parameters it was derived at: the
  derivation printed above (evaluated by the explainer itself), the engine's backward pass, and a
  central finite difference `(L(θ + h) − L(θ − h)) / 2h` computed by running the
  network again with one number moved. The relative error `|a − n| / max(|a|, |n|)` of a correct
  gradient in double precision is around 1e-10; anything under 1e-7 passes.
  
      gradient  entry  derivation  backward  numeric  rel. error  status
      dsq       [0,0]           1         1        1      <1e-11  PASS
      de        [0,0]        -1.2      -1.2     -1.2      <1e-11  PASS
      dy        [0,0]        -1.2      -1.2     -1.2      <1e-11  PASS
      dxw       [0,0]        -1.2      -1.2     -1.2      <1e-11  PASS
      db        [0]          -1.2      -1.2     -1.2      <1e-11  PASS
      dw        [0,0]        -1.8      -1.8     -1.8      <1e-12  PASS
  
      check: 6 entries, worst relative error <1e-11, h = 1e-05: PASS
  
  ## One step of gradient descent
  
  The gradient points uphill, so we step the other way: `θ ← θ − η·dθ` for every parameter `θ`,
  with a learning rate `η`. With `η = 0.1`:
  
      SGD step with η = 0.1: θ ← θ − η·dθ for every parameter
      w ← w − η·dw = 0.8 − 0.1·(-1.8)
          = 0.98
      b ← b − η·db = 0.2 − 0.1·(-1.2)
          = 0.32
      loss before the step: 0.36
      loss after the step:  0.0441
  
  One step took the loss from 0.36 to 0.0441: `y` moved from 1.4 to 1.79, closer to 2.
  
  At the new parameters every gradient is different (`dw = −0.63`, `db = −0.42`: the error is
  smaller). Checked again there:
  
      gradient  entry  derivation  backward  numeric  rel. error  status
      dsq       [0,0]           1         1        1      <1e-12  PASS
      de        [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      dy        [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      dxw       [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      db        [0]         -0.42     -0.42    -0.42      <1e-11  PASS
      dw        [0,0]       -0.63     -0.63    -0.63      <1e-11  PASS
  
      check: 6 entries, worst relative error <1e-11, h = 1e-05: PASS
  
