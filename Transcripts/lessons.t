The lessons
===========

`backprop lesson` lists the lessons built into the tool, with one line each.

  $ backprop lesson
   1  one-neuron              y = w·x + b with a squared error: the chain rule by hand, then one
                              gradient-descent step.
   2  two-layer-sigmoid       Every forward number, every backward number, one SGD update of every
                              weight and bias, and the loss before and after.
   3  softmax-cross-entropy   Why the gradient of softmax cross-entropy is p − onehot(y), and why
                              log-softmax is computed stably.
   4  relu-kinks              Why finite differences disagree exactly at 0, and what the gradient
                              checker does about it.
   5  batch-norm              Forward in training mode, and the backward derivation with the compact
                              three-term formula for dx, checked.
   6  linear-regression-adam  The Keras tutorial's GradientTape example: a line fitted with mean
                              squared error by Adam (η = 0.01, 100 epochs), the Adam step with bias
                              correction written out, the loss per epoch, the fit against the truth.
   7  optimizers              SGD, momentum and Adam on one parameter, a few steps each, with every
                              state variable shown.
   8  mnist-batch             The Keras tutorial's model, line by line, on 4 MNIST images: one Adam
                              step, a sampled check.
   9  convolution-pooling     A 3×3 kernel slides over a 5×5 image and a 2×2 max-pool keeps the
                              largest of each window: every number forward and back, and why the
                              gradient of a convolution is a correlation with the flipped kernel.
  
  Run one with 'backprop lesson N' (or its name).

A lesson can be named by its number or its name; anything else is an error
that lists them.

  $ backprop lesson relu-kinks --ascii
  # 4. ReLU and kinks
  
  > Why finite differences disagree exactly at 0, and what the gradient checker does about it.
  
  `relu(z) = max(0, z)` has slope 0 for `z < 0` and slope 1 for `z > 0`. At `z = 0` it has a corner
  (a kink): no derivative. Backpropagation uses slope 0 there, by convention. A central finite
  difference `(f(z + h) - f(z - h)) / 2h` at `z = 0` sees `(h - 0) / 2h = 0.5`: half of each side.
  Neither is wrong; the function has no derivative there to agree on.
  
  The same happens near the kink: if `z` is within the finite-difference step of 0, the two
  evaluations `z + h` and `z - h` fall on different sides and the difference measures a mixture of
  the two slopes.
  
  This network has one pre-activation exactly at 0 (`z1[0,0] = 0.5*1 - 0.25*2 + 0`) and one at
  3e-6, closer to 0 than the default step `h = 1e-5`:
  
      input  x  = [[1.0,  2.0],
                   [3.0, -1.0]]
      target t  = [[1.0],
                   [0.5]]
  
      param  W1 = [[ 0.5,  -0.3, 0.2],
                   [-0.25,  0.4, 0.3]]
      param  b1 = [0.0, 0.1, -0.299997]
      param  W2 = [[0.7], [-0.4], [0.9]]
      param  b2 = [0.05]
  
      z1   = x @ W1 + b1
      a1   = relu(z1)
      out  = a1 @ W2 + b2
      loss = mse(out, t)
  
      z1 = (x @ W1) + b1 = [[   0,  0.6, 0.500003],
                            [1.75, -1.2,    3e-06]]
      a1 = relu(z1) = [[   0, 0.6, 0.500003],
                       [1.75,   0,    3e-06]]
      loss = mean((out - t)^2) = 0.574113
  
      a1 = relu(z1): z1[0,0] = 0   <- exactly at the kink
      a1 = relu(z1): z1[0,1] = 0.6
      a1 = relu(z1): z1[0,2] = 0.500003
      a1 = relu(z1): z1[1,0] = 1.75
      a1 = relu(z1): z1[1,1] = -1.2
      a1 = relu(z1): z1[1,2] = 3e-06   <- within h = 1e-05 of the kink
  
  ## What the checker does
  
  When the checker moves an entry by `+-h`, it runs the network twice and notes, for every ReLU
  input, which side of 0 it is on. If the two runs (or the unmoved run) disagree anywhere, the
  finite difference crossed a kink: it is no witness for that entry, and the entry is reported as
  **KINK** instead of FAIL, as long as the derivation and the backward pass still agree with each
  other. Entries whose finite difference stays on one side are checked as usual.
  
      gradient    shape  checked  worst rel. error  entries         status
      dout        (2x1)        2            <1e-11  2 PASS          PASS
      d(a1 @ W2)  (2x1)        2            <1e-11  2 PASS          PASS
      da1         (2x3)        6            <1e-10  6 PASS          PASS
      dz1         (2x3)        6            <1e-10  4 PASS, 2 KINK  KINK
      d(x @ W1)   (2x3)        6            <1e-11  4 PASS, 2 KINK  KINK
      db2         (1)          1            <1e-10  1 PASS          PASS
      dW2         (3x1)        3            <1e-10  3 PASS          PASS
      db1         (3)          3            <1e-11  1 PASS, 2 KINK  KINK
      dW1         (2x3)        6            <1e-11  2 PASS, 4 KINK  KINK
  
      Entries that are not PASS:
      gradient   entry  derivation   backward    numeric  rel. error  status
      dz1        [0,0]           0          0  -0.258998        <1e1  KINK
      dz1        [1,2]    0.697502   0.697502   0.453378        <1e0  KINK
      d(x @ W1)  [0,0]           0          0  -0.258998        <1e1  KINK
      d(x @ W1)  [1,2]    0.697502   0.697502   0.453378        <1e0  KINK
      db1        [0]      0.542502   0.542502   0.283504        <1e0  KINK
      db1        [2]     0.0315049  0.0315049  -0.212619        <1e1  KINK
      dW1        [0,0]     1.62751    1.62751    1.36851        <1e0  KINK
      dW1        [0,2]     1.42651    1.42651   0.484899        <1e0  KINK
      dW1        [1,0]   -0.542502  -0.542502    -1.0605        <1e0  KINK
      dW1        [1,2]     -2.0295    -2.0295   -1.78537        <1e0  KINK
  
      check: 35 entries, worst relative error <1e-10 (kinks excepted), h = 1e-05: PASS with KINKs (10
          KINK)
  
  Every entry that moves `z1[0,0]` (and those that move `z1[1,2]` by more than 3e-6) is a KINK;
  nothing fails. With a smaller step the finite differences around the near-kink stay on one side,
  so only the entries touching the exact kink remain KINKs:
  
      gradient    shape  checked  worst rel. error  entries         status
      dout        (2x1)        2             <1e-9  2 PASS          PASS
      d(a1 @ W2)  (2x1)        2             <1e-9  2 PASS          PASS
      da1         (2x3)        6             <1e-8  6 PASS          PASS
      dz1         (2x3)        6             <1e-9  5 PASS, 1 KINK  KINK
      d(x @ W1)   (2x3)        6             <1e-8  5 PASS, 1 KINK  KINK
      db2         (1)          1             <1e-8  1 PASS          PASS
      dW2         (3x1)        3             <1e-8  3 PASS          PASS
      db1         (3)          3             <1e-8  2 PASS, 1 KINK  KINK
      dW1         (2x3)        6             <1e-8  4 PASS, 2 KINK  KINK
  
      Entries that are not PASS:
      gradient   entry  derivation   backward    numeric  rel. error  status
      dz1        [0,0]           0          0  -0.258999        <1e1  KINK
      d(x @ W1)  [0,0]           0          0  -0.258999        <1e1  KINK
      db1        [0]      0.542502   0.542502   0.283503        <1e0  KINK
      dW1        [0,0]     1.62751    1.62751    1.36851        <1e0  KINK
      dW1        [1,0]   -0.542502  -0.542502    -1.0605        <1e0  KINK
  
      check: 35 entries, worst relative error <1e-8 (kinks excepted), h = 1e-07: PASS with KINKs (5
          KINK)
  
  A smaller `h` is no cure in general: the rounding error of `f(theta + h) - f(theta - h)` grows like
  `eps*|f| / h`, which is why `1e-5` is the default. The checker's answer is to say plainly where a
  kink makes the numeric witness useless.
  

  $ backprop lesson 12
  ! backprop: no lesson '12'; the lessons are 1 one-neuron, 2 two-layer-sigmoid, 3 softmax-cross-entropy, 4 relu-kinks, 5 batch-norm, 6 linear-regression-adam, 7 optimizers, 8 mnist-batch, 9 convolution-pooling (or give the path of a lesson .md file)
  [exit 1]

With --step a lesson waits for Enter between steps, but only when standard
input is a terminal; here it is not, so the lesson runs straight through.

  $ backprop lesson 1 --step --ascii
  # 1. One neuron
  
  > y = w*x + b with a squared error: the chain rule by hand, then one gradient-descent step.
  
  A neuron with one input multiplies it by a weight `w`, adds a bias `b`, and gives `y`. We want
  `y` to be the target `t`, and we measure how far it is with the squared error `L = (y - t)^2`.
  Training means changing `w` and `b` so that `L` gets smaller; to know which way to change them we
  need the derivatives `dL/dw` and `dL/db`.
  
  Here is the whole computation as a network file. Every line after the declarations is one step,
  and every step gets a name, so that every intermediate value can be printed:
  
      input  x = [[1.5]]        # the input
      target t = [[2.0]]        # what y should be
      param  w = [[0.8]]        # the weight
      param  b = [0.2]          # the bias
  
      xw   = x * w              # 1.5 * 0.8
      y    = xw + b             # the neuron's output
      e    = y - t              # the error
      sq   = e ^ 2              # the squared error, a 1x1 matrix
      loss = sum(sq)            # L = (y - t)^2, one number
  
  ## Forward
  
  The forward pass computes each line in order:
  
      x (input) = [[1.5]]
      t (constant) = [[2]]
      w (parameter) = [[0.8]]
      b (parameter) = [0.2]
      xw = x * w = [[1.2]]
      y = xw + b = [[1.4]]
      e = y - t = [[-0.6]]
      sq = e^2 = [[0.36]]
      loss = sum(sq) = 0.36
  
  So `y = 1.4`, the error is `e = -0.6` and the loss is `0.36`.
  
  ## Backward, by the chain rule
  
  `L` depends on `w` only through a chain: `w -> xw -> y -> e -> sq -> L`. The chain rule says the
  derivative along a chain is the product of the local derivatives of its links:
  
      dL/dw = dL/dsq * dsq/de * de/dy * dy/dxw * dxw/dw = 1 * 2e * 1 * 1 * x = 2 * (-0.6) * 1.5 = -1.8
  
  and in the same way `dL/db = 1 * 2e * 1 * 1 = -1.2`. Backpropagation computes exactly these
  products, from the loss back, reusing each product it has already formed: `dy` (short for
  `dL/dy`) is computed once and then used for both `dw` and `db`. So each step below is one link
  of the chain: a gradient from the gradient one step nearer the loss (`dy` from `de`), with the
  local derivative taken from the op's own rule, the formula, the formula with the numbers put
  in, and the result. Under `dw` the links are multiplied out once, into the product above:
  
      dloss = dloss/dloss = 1   (backward starts here)
  
      dsq = dloss/dsq   (sq is an input of loss itself)
        local dloss/dsq, from sum: d(sum x_i)/dx_j = 1: every summed element receives the upstream
            gradient
        dsq = broadcast(dloss)
            = broadcast(1)
            = [[1]]
  
      de = dloss/de = dsq * dsq/de
        local dsq/de, from pow: d(x^c)/dx = c*x^c^-1
        de = dsq * 2 * e^1
           = 1 * 2 * (-0.6)^1
           = [[-1.2]]
  
      dy = dloss/dy = de * de/dy
        local de/dy, from subtract: d(a - b)/da = 1 and d(a - b)/db = -1
        dy = de
           = [[-1.2]]
  
      dxw = dloss/dxw = dy * dy/dxw
        local dy/dxw, from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a bias)
            collects the sum of their gradients
        dxw = dy
            = [[-1.2]]
  
      db = dloss/db = dy * dy/db
        local dy/db, from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a bias)
            collects the sum of their gradients
        db = sum(dy)
           = sum((-1.2))
           = [-1.2]
  
      dw = dloss/dw = dxw * dxw/dw
        unrolled, the local steps from the loss down to w multiply into its whole chain:
        dloss/dw = dloss/dsq * dsq/de * de/dy * dy/dxw * dxw/dw
        local dxw/dw, from multiply: d(a*b)/da = b and d(a*b)/db = a
        dw = dxw * x
           = (-1.2) * 1.5
           = [[-1.8]]
  
  ## Checked
  
  Every derivative above is checked three ways, at the parameters it was derived at: the
  derivation printed above (evaluated by the explainer itself), the engine's backward pass, and a
  central finite difference `(L(theta + h) - L(theta - h)) / 2h` computed by running the
  network again with one number moved. The relative error `|a - n| / max(|a|, |n|)` of a correct
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
  
  The gradient points uphill, so we step the other way: `theta <- theta - lr*dtheta` for every
  parameter `theta`, with a learning rate `lr`. With `lr = 0.1`:
  
      SGD step with lr = 0.1: theta <- theta - lr*dtheta for every parameter
      w <- w - lr*dw = 0.8 - 0.1*(-1.8)
          = 0.98
      b <- b - lr*db = 0.2 - 0.1*(-1.2)
          = 0.32
      loss before the step: 0.36
      loss after the step:  0.0441
  
  One step took the loss from 0.36 to 0.0441: `y` moved from 1.4 to 1.79, closer to 2.
  
  At the new parameters every gradient is different (`dw = -0.63`, `db = -0.42`: the error is
  smaller). Checked again there:
  
      gradient  entry  derivation  backward  numeric  rel. error  status
      dsq       [0,0]           1         1        1      <1e-12  PASS
      de        [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      dy        [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      dxw       [0,0]       -0.42     -0.42    -0.42      <1e-11  PASS
      db        [0]         -0.42     -0.42    -0.42      <1e-11  PASS
      dw        [0,0]       -0.63     -0.63    -0.63      <1e-11  PASS
  
      check: 6 entries, worst relative error <1e-11, h = 1e-05: PASS
  

--digits N writes a lesson's numbers, its checks' too, with N significant
digits, from 1 to 17:

  $ backprop lesson 1 --digits 18
  ! backprop: --digits expects an integer in [1, 17], got '18'
  ! Run 'backprop lesson --help' for usage.
  [exit 1]

A lesson file of one's own runs the same way (here the shipped one, by path):

  $ backprop gradcheck Lessons/01-one-neuron.md
  Gradient check of Lessons/01-one-neuron.md
  
  gradient  entry  derivation  backward  numeric  rel. error  status
  dw        [0,0]        -1.8      -1.8     -1.8      <1e-12  PASS
  db        [0]          -1.2      -1.2     -1.2      <1e-11  PASS
  
  check: 2 entries, worst relative error <1e-11, h = 1e-05: PASS
