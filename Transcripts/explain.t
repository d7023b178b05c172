Explaining a network
====================

`backprop explain FILE` prints the forward pass, then for every intermediate
and parameter, from the loss back, how its gradient is obtained in one local
step: the chain rule one link back (its gradient from the gradients of the ops
that use it, each written out in its own block just before), the local
derivative from the op's own rule, the formula with names (and shapes, for
matrix steps), the formula with the numbers put in, and the result. For one
parameter the links are also multiplied out into its whole chain, back to the
loss. It ends with every entry checked three ways: the derivation, the
backward pass and a central finite difference (on a graph of more than 60
gradients, a sample of them, and the check says how many entries it took).

  $ backprop explain Lessons/two-layer-sigmoid.net
  Explaining Lessons/two-layer-sigmoid.net
  
  Forward pass (16 nodes, in execution order)
    x (input) = [[0.05, 0.1]]
    t (constant) = [[0.01, 0.99]]
    W1 (parameter) = [[0.15, 0.25],
                      [ 0.2,  0.3]]
    b1 (parameter) = [0.35, 0.35]
    W2 (parameter) = [[ 0.4,  0.5],
                      [0.45, 0.55]]
    b2 (parameter) = [0.6, 0.6]
    x @ W1 = x · W1 = [[0.0275, 0.0425]]
    z1 = (x @ W1) + b1 = [[0.3775, 0.3925]]
    h = σ(z1) = [[0.59327, 0.596884]]
    h @ W2 = h · W2 = [[0.505906, 0.624921]]
    z2 = (h @ W2) + b2 = [[1.10591, 1.22492]]
    o = σ(z2) = [[0.751365, 0.772928]]
    e = o − t = [[0.741365, -0.217072]]
    e ^ 2 = [[0.549622, 0.0471201]]
    sum(e ^ 2) = 0.596742
    loss = 0.5 · sum(e ^ 2) = 0.298371
  
  Backward pass (dX means ∂loss/∂X; from the loss back)
    dloss = ∂loss/∂loss = 1   (backward starts here)
  
    d(sum(e ^ 2)) = ∂loss/∂(sum(e ^ 2))   (sum(e ^ 2) is an input of loss itself)
      local ∂loss/∂(sum(e ^ 2)), from scale: ∂(c·x)/∂x = c
      d(sum(e ^ 2)) = 0.5 ⊙ dloss
                    = 0.5 ⊙ 1
                    = 0.5
  
    d(e ^ 2) = ∂loss/∂(e ^ 2) = d(sum(e ^ 2)) · ∂(sum(e ^ 2))/∂(e ^ 2)
      local ∂(sum(e ^ 2))/∂(e ^ 2), from sum: ∂(Σ xᵢ)/∂xⱼ = 1: every summed element receives the
          upstream gradient
      d(e ^ 2) = broadcast(d(sum(e ^ 2)))
               = broadcast(0.5)
               = [[0.5, 0.5]]
  
    de = ∂loss/∂e = d(e ^ 2) · ∂(e ^ 2)/∂e
      local ∂(e ^ 2)/∂e, from pow: ∂(xᶜ)/∂x = c·xᶜ⁻¹
      de = d(e ^ 2) ⊙ 2 ⊙ e^1
         = [[0.5, 0.5]] ⊙ 2 ⊙ [[0.741365, -0.217072]]^1
         = [[0.741365, -0.217072]]
  
    do = ∂loss/∂o = de · ∂e/∂o
      local ∂e/∂o, from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
      do = de
         = [[0.741365, -0.217072]]
  
    dz2 = ∂loss/∂z2 = do · ∂o/∂z2
      local ∂o/∂z2, from sigmoid: σ'(z) = σ(z)·(1 − σ(z))
      dz2 = do ⊙ o ⊙ (1 − o)
          = [[0.741365, -0.217072]] ⊙ [[0.751365, 0.772928]] ⊙ (1 − [[0.751365, 0.772928]])
          = [[0.138499, -0.0380982]]
  
    d(h @ W2) = ∂loss/∂(h @ W2) = dz2 · ∂z2/∂(h @ W2)
      local ∂z2/∂(h @ W2), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a
          bias) collects the sum of their gradients
      d(h @ W2) = dz2
                = [[0.138499, -0.0380982]]
  
    dh = ∂loss/∂h = d(h @ W2) · ∂(h @ W2)/∂h
      local ∂(h @ W2)/∂h, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] = A[i,k],
          so dA = dY·Bᵀ and dB = Aᵀ·dY
      dh = d(h @ W2) · W2ᵀ   : (1×2) · (2×2) → (1×2)
         = [[0.138499, -0.0380982]] · [[0.4, 0.5], [0.45, 0.55]]ᵀ
         = [[0.0363503, 0.0413703]]
  
    dz1 = ∂loss/∂z1 = dh · ∂h/∂z1
      local ∂h/∂z1, from sigmoid: σ'(z) = σ(z)·(1 − σ(z))
      dz1 = dh ⊙ h ⊙ (1 − h)
          = [[0.0363503, 0.0413703]] ⊙ [[0.59327, 0.596884]] ⊙ (1 − [[0.59327, 0.596884]])
          = [[0.00877135, 0.00995425]]
  
    d(x @ W1) = ∂loss/∂(x @ W1) = dz1 · ∂z1/∂(x @ W1)
      local ∂z1/∂(x @ W1), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a
          bias) collects the sum of their gradients
      d(x @ W1) = dz1
                = [[0.00877135, 0.00995425]]
  
    db2 = ∂loss/∂b2 = dz2 · ∂z2/∂b2
      local ∂z2/∂b2, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias)
          collects the sum of their gradients
      db2 = sum_rows(dz2)   : sum_rows((1×2)) → (2)
          = sum_rows([[0.138499, -0.0380982]])
          = [0.138499, -0.0380982]
  
    dW2 = ∂loss/∂W2 = d(h @ W2) · ∂(h @ W2)/∂W2
      unrolled, the local steps from the loss down to W2 multiply into its whole chain:
      ∂loss/∂W2 = ∂loss/∂(sum(e ^ 2)) · ∂(sum(e ^ 2))/∂(e ^ 2) · ∂(e ^ 2)/∂e · ∂e/∂o
                · ∂o/∂z2 · ∂z2/∂(h @ W2) · ∂(h @ W2)/∂W2
      local ∂(h @ W2)/∂W2, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
          A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
      dW2 = hᵀ · d(h @ W2)   : (2×1) · (1×2) → (2×2)
          = [[0.59327, 0.596884]]ᵀ · [[0.138499, -0.0380982]]
          = [[ 0.082167, -0.0226025],
             [0.0826676, -0.0227402]]
  
    db1 = ∂loss/∂b1 = dz1 · ∂z1/∂b1
      local ∂z1/∂b1, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias)
          collects the sum of their gradients
      db1 = sum_rows(dz1)   : sum_rows((1×2)) → (2)
          = sum_rows([[0.00877135, 0.00995425]])
          = [0.00877135, 0.00995425]
  
    dW1 = ∂loss/∂W1 = d(x @ W1) · ∂(x @ W1)/∂W1
      local ∂(x @ W1)/∂W1, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
          A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
      dW1 = xᵀ · d(x @ W1)   : (2×1) · (1×2) → (2×2)
          = [[0.05, 0.1]]ᵀ · [[0.00877135, 0.00995425]]
          = [[0.000438568, 0.000497713],
             [0.000877135, 0.000995425]]
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient       shape  checked  worst rel. error  entries  status
    d(sum(e ^ 2))  ()           1            <1e-11  1 PASS   PASS
    d(e ^ 2)       (1×2)        2            <1e-11  2 PASS   PASS
    de             (1×2)        2            <1e-11  2 PASS   PASS
    do             (1×2)        2            <1e-11  2 PASS   PASS
    dz2            (1×2)        2            <1e-10  2 PASS   PASS
    d(h @ W2)      (1×2)        2            <1e-10  2 PASS   PASS
    dh             (1×2)        2             <1e-9  2 PASS   PASS
    dz1            (1×2)        2             <1e-9  2 PASS   PASS
    d(x @ W1)      (1×2)        2             <1e-9  2 PASS   PASS
    db2            (2)          2            <1e-10  2 PASS   PASS
    dW2            (2×2)        4            <1e-10  4 PASS   PASS
    db1            (2)          2             <1e-9  2 PASS   PASS
    dW1            (2×2)        4             <1e-7  4 PASS   PASS
  check: 29 entries, worst relative error <1e-7, h = 1e-05: PASS

The same in plain ASCII:

  $ backprop explain Lessons/two-layer-sigmoid.net --ascii
  Explaining Lessons/two-layer-sigmoid.net
  
  Forward pass (16 nodes, in execution order)
    x (input) = [[0.05, 0.1]]
    t (constant) = [[0.01, 0.99]]
    W1 (parameter) = [[0.15, 0.25],
                      [ 0.2,  0.3]]
    b1 (parameter) = [0.35, 0.35]
    W2 (parameter) = [[ 0.4,  0.5],
                      [0.45, 0.55]]
    b2 (parameter) = [0.6, 0.6]
    x @ W1 = x * W1 = [[0.0275, 0.0425]]
    z1 = (x @ W1) + b1 = [[0.3775, 0.3925]]
    h = sigmoid(z1) = [[0.59327, 0.596884]]
    h @ W2 = h * W2 = [[0.505906, 0.624921]]
    z2 = (h @ W2) + b2 = [[1.10591, 1.22492]]
    o = sigmoid(z2) = [[0.751365, 0.772928]]
    e = o - t = [[0.741365, -0.217072]]
    e ^ 2 = [[0.549622, 0.0471201]]
    sum(e ^ 2) = 0.596742
    loss = 0.5 * sum(e ^ 2) = 0.298371
  
  Backward pass (dX means dloss/dX; from the loss back)
    dloss = dloss/dloss = 1   (backward starts here)
  
    d(sum(e ^ 2)) = dloss/d(sum(e ^ 2))   (sum(e ^ 2) is an input of loss itself)
      local dloss/d(sum(e ^ 2)), from scale: d(c*x)/dx = c
      d(sum(e ^ 2)) = 0.5 * dloss
                    = 0.5 * 1
                    = 0.5
  
    d(e ^ 2) = dloss/d(e ^ 2) = d(sum(e ^ 2)) * d(sum(e ^ 2))/d(e ^ 2)
      local d(sum(e ^ 2))/d(e ^ 2), from sum: d(sum x_i)/dx_j = 1: every summed element receives the
          upstream gradient
      d(e ^ 2) = broadcast(d(sum(e ^ 2)))
               = broadcast(0.5)
               = [[0.5, 0.5]]
  
    de = dloss/de = d(e ^ 2) * d(e ^ 2)/de
      local d(e ^ 2)/de, from pow: d(x^c)/dx = c*x^c^-1
      de = d(e ^ 2) * 2 * e^1
         = [[0.5, 0.5]] * 2 * [[0.741365, -0.217072]]^1
         = [[0.741365, -0.217072]]
  
    do = dloss/do = de * de/do
      local de/do, from subtract: d(a - b)/da = 1 and d(a - b)/db = -1
      do = de
         = [[0.741365, -0.217072]]
  
    dz2 = dloss/dz2 = do * do/dz2
      local do/dz2, from sigmoid: sigmoid'(z) = sigmoid(z)*(1 - sigmoid(z))
      dz2 = do * o * (1 - o)
          = [[0.741365, -0.217072]] * [[0.751365, 0.772928]] * (1 - [[0.751365, 0.772928]])
          = [[0.138499, -0.0380982]]
  
    d(h @ W2) = dloss/d(h @ W2) = dz2 * dz2/d(h @ W2)
      local dz2/d(h @ W2), from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a
          bias) collects the sum of their gradients
      d(h @ W2) = dz2
                = [[0.138499, -0.0380982]]
  
    dh = dloss/dh = d(h @ W2) * d(h @ W2)/dh
      local d(h @ W2)/dh, from matmul: Y = A*B: dY[i,j]/dA[i,k] = B[k,j] and dY[i,j]/dB[k,j] = A[i,k],
          so dA = dY*B^T and dB = A^T*dY
      dh = d(h @ W2) @ W2^T   : (1x2) @ (2x2) -> (1x2)
         = [[0.138499, -0.0380982]] @ [[0.4, 0.5], [0.45, 0.55]]^T
         = [[0.0363503, 0.0413703]]
  
    dz1 = dloss/dz1 = dh * dh/dz1
      local dh/dz1, from sigmoid: sigmoid'(z) = sigmoid(z)*(1 - sigmoid(z))
      dz1 = dh * h * (1 - h)
          = [[0.0363503, 0.0413703]] * [[0.59327, 0.596884]] * (1 - [[0.59327, 0.596884]])
          = [[0.00877135, 0.00995425]]
  
    d(x @ W1) = dloss/d(x @ W1) = dz1 * dz1/d(x @ W1)
      local dz1/d(x @ W1), from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a
          bias) collects the sum of their gradients
      d(x @ W1) = dz1
                = [[0.00877135, 0.00995425]]
  
    db2 = dloss/db2 = dz2 * dz2/db2
      local dz2/db2, from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a bias)
          collects the sum of their gradients
      db2 = sum_rows(dz2)   : sum_rows((1x2)) -> (2)
          = sum_rows([[0.138499, -0.0380982]])
          = [0.138499, -0.0380982]
  
    dW2 = dloss/dW2 = d(h @ W2) * d(h @ W2)/dW2
      unrolled, the local steps from the loss down to W2 multiply into its whole chain:
      dloss/dW2 = dloss/d(sum(e ^ 2)) * d(sum(e ^ 2))/d(e ^ 2) * d(e ^ 2)/de * de/do
                * do/dz2 * dz2/d(h @ W2) * d(h @ W2)/dW2
      local d(h @ W2)/dW2, from matmul: Y = A*B: dY[i,j]/dA[i,k] = B[k,j] and dY[i,j]/dB[k,j] =
          A[i,k], so dA = dY*B^T and dB = A^T*dY
      dW2 = h^T @ d(h @ W2)   : (2x1) @ (1x2) -> (2x2)
          = [[0.59327, 0.596884]]^T @ [[0.138499, -0.0380982]]
          = [[ 0.082167, -0.0226025],
             [0.0826676, -0.0227402]]
  
    db1 = dloss/db1 = dz1 * dz1/db1
      local dz1/db1, from add: d(a + b)/da = 1 and d(a + b)/db = 1; a row added to every row (a bias)
          collects the sum of their gradients
      db1 = sum_rows(dz1)   : sum_rows((1x2)) -> (2)
          = sum_rows([[0.00877135, 0.00995425]])
          = [0.00877135, 0.00995425]
  
    dW1 = dloss/dW1 = d(x @ W1) * d(x @ W1)/dW1
      local d(x @ W1)/dW1, from matmul: Y = A*B: dY[i,j]/dA[i,k] = B[k,j] and dY[i,j]/dB[k,j] =
          A[i,k], so dA = dY*B^T and dB = A^T*dY
      dW1 = x^T @ d(x @ W1)   : (2x1) @ (1x2) -> (2x2)
          = [[0.05, 0.1]]^T @ [[0.00877135, 0.00995425]]
          = [[0.000438568, 0.000497713],
             [0.000877135, 0.000995425]]
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient       shape  checked  worst rel. error  entries  status
    d(sum(e ^ 2))  ()           1            <1e-11  1 PASS   PASS
    d(e ^ 2)       (1x2)        2            <1e-11  2 PASS   PASS
    de             (1x2)        2            <1e-11  2 PASS   PASS
    do             (1x2)        2            <1e-11  2 PASS   PASS
    dz2            (1x2)        2            <1e-10  2 PASS   PASS
    d(h @ W2)      (1x2)        2            <1e-10  2 PASS   PASS
    dh             (1x2)        2             <1e-9  2 PASS   PASS
    dz1            (1x2)        2             <1e-9  2 PASS   PASS
    d(x @ W1)      (1x2)        2             <1e-9  2 PASS   PASS
    db2            (2)          2            <1e-10  2 PASS   PASS
    dW2            (2x2)        4            <1e-10  4 PASS   PASS
    db1            (2)          2             <1e-9  2 PASS   PASS
    dW1            (2x2)        4             <1e-7  4 PASS   PASS
  check: 29 entries, worst relative error <1e-7, h = 1e-05: PASS

A scalar expression, on the scalar engine:

  $ backprop explain --expr "tanh(w*x + b)" --at "w=0.5, x=2, b=0.1"
  Explaining tanh(w*x + b) at w=0.5, x=2, b=0.1
  
  Forward pass (6 nodes, in execution order)
    w (input) = 0.5
    x (input) = 2
    w*x = w · x = 1
    b (input) = 0.1
    w*x + b = (w*x) + b = 1.1
    f = tanh(w*x + b) = 0.800499
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    d(w*x + b) = ∂f/∂(w*x + b)   (w*x + b is an input of f itself)
      local ∂f/∂(w*x + b), from tanh: tanh'(z) = 1 − tanh(z)²
      d(w*x + b) = df ⊙ (1 − f²)
                 = 1 ⊙ (1 − 0.800499²)
                 = 0.359201
  
    db = ∂f/∂b = d(w*x + b) · ∂(w*x + b)/∂b
      local ∂(w*x + b)/∂b, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      db = d(w*x + b)
         = 0.359201
  
    d(w*x) = ∂f/∂(w*x) = d(w*x + b) · ∂(w*x + b)/∂(w*x)
      local ∂(w*x + b)/∂(w*x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(w*x) = d(w*x + b)
             = 0.359201
  
    dx = ∂f/∂x = d(w*x) · ∂(w*x)/∂x
      local ∂(w*x)/∂x, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dx = d(w*x) ⊙ w
         = 0.359201 ⊙ 0.5
         = 0.179601
  
    dw = ∂f/∂w = d(w*x) · ∂(w*x)/∂w
      local ∂(w*x)/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dw = d(w*x) ⊙ x
         = 0.359201 ⊙ 2
         = 0.718403
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient    entry  derivation  backward   numeric  rel. error  status
    d(w*x + b)           0.359201  0.359201  0.359201      <1e-10  PASS
    db                   0.359201  0.359201  0.359201      <1e-10  PASS
    d(w*x)               0.359201  0.359201  0.359201      <1e-10  PASS
    dx                   0.179601  0.179601  0.179601      <1e-10  PASS
    dw                   0.718403  0.718403  0.718403       <1e-9  PASS
  check: 5 entries, worst relative error <1e-9, h = 1e-05: PASS

The check prints one line per gradient and the entries that are not PASS;
--full prints every entry (and every element of a large tensor), --digits N
every number with N significant digits:

  $ backprop explain --expr "tanh(w*x + b)" --at "w=0.5, x=2, b=0.1" --full --digits 9
  Explaining tanh(w*x + b) at w=0.5, x=2, b=0.1
  
  Forward pass (6 nodes, in execution order)
    w (input) = 0.5
    x (input) = 2
    w*x = w · x = 1
    b (input) = 0.1
    w*x + b = (w*x) + b = 1.1
    f = tanh(w*x + b) = 0.800499022
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    d(w*x + b) = ∂f/∂(w*x + b)   (w*x + b is an input of f itself)
      local ∂f/∂(w*x + b), from tanh: tanh'(z) = 1 − tanh(z)²
      d(w*x + b) = df ⊙ (1 − f²)
                 = 1 ⊙ (1 − 0.800499022²)
                 = 0.359201316
  
    db = ∂f/∂b = d(w*x + b) · ∂(w*x + b)/∂b
      local ∂(w*x + b)/∂b, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      db = d(w*x + b)
         = 0.359201316
  
    d(w*x) = ∂f/∂(w*x) = d(w*x + b) · ∂(w*x + b)/∂(w*x)
      local ∂(w*x + b)/∂(w*x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(w*x) = d(w*x + b)
             = 0.359201316
  
    dx = ∂f/∂x = d(w*x) · ∂(w*x)/∂x
      local ∂(w*x)/∂x, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dx = d(w*x) ⊙ w
         = 0.359201316 ⊙ 0.5
         = 0.179600658
  
    dw = ∂f/∂w = d(w*x) · ∂(w*x)/∂w
      local ∂(w*x)/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dw = d(w*x) ⊙ x
         = 0.359201316 ⊙ 2
         = 0.718402632
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient    entry   derivation     backward      numeric  rel. error  status
    d(w*x + b)         0.359201316  0.359201316  0.359201316      <1e-10  PASS
    db                 0.359201316  0.359201316  0.359201316      <1e-10  PASS
    d(w*x)             0.359201316  0.359201316  0.359201316      <1e-10  PASS
    dx                 0.179600658  0.179600658  0.179600658      <1e-10  PASS
    dw                 0.718402632  0.718402632  0.718402632       <1e-9  PASS
  check: 5 entries, worst relative error <1e-9, h = 1e-05: PASS

A name used twice gets both contributions:

  $ backprop explain --expr "x*x + 3*x" --at "x=-1.5" --ascii
  Explaining x*x + 3*x at x=-1.5
  
  Forward pass (5 nodes, in execution order)
    x (input) = -1.5
    x*x = x * x = 2.25
    3 (constant) = 3
    3*x = 3 * x = -4.5
    f = (x*x) + (3*x) = -2.25
  
  Backward pass (dX means df/dX; from the loss back)
    df = df/df = 1   (backward starts here)
  
    d(3*x) = df/d(3*x)   (3*x is an input of f itself)
      local df/d(3*x), from add: d(a + b)/da = 1 and d(a + b)/db = 1
      d(3*x) = df
             = 1
  
    d(x*x) = df/d(x*x)   (x*x is an input of f itself)
      local df/d(x*x), from add: d(a + b)/da = 1 and d(a + b)/db = 1
      d(x*x) = df
             = 1
  
    dx = df/dx = d(3*x) * d(3*x)/dx + d(x*x) * d(x*x)/dx + d(x*x) * d(x*x)/dx
      x is used 3 times: the contributions add up
      local d(3*x)/dx, from multiply: d(a*b)/da = b and d(a*b)/db = a
      dx[1] = d(3*x) * 3
            = 1 * 3
            = 3
      local d(x*x)/dx, from multiply: d(a*b)/da = b and d(a*b)/db = a
      dx[2] = d(x*x) * x
            = 1 * (-1.5)
            = -1.5
      local d(x*x)/dx, from multiply: d(a*b)/da = b and d(a*b)/db = a
      dx[3] = d(x*x) * x
            = 1 * (-1.5)
            = -1.5
      dx = dx[1] + dx[2] + dx[3] = 0
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient  entry  derivation  backward      numeric  rel. error  status
    d(3*x)                    1         1            1      <1e-10  PASS
    d(x*x)                    1         1            1      <1e-11  PASS
    dx                        0         0  4.44089e-11           0  PASS
  check: 3 entries, worst relative error <1e-10, h = 1e-05: PASS

A name used by many ops: its chain rule is a sum over them in words, and
every term still gets its own block:

  $ backprop explain --expr "x + x + x + x + x + x + x + x" --at "x=0.25"
  Explaining x + x + x + x + x + x + x + x at x=0.25
  
  Forward pass (8 nodes, in execution order)
    x (input) = 0.25
    x + x = 0.5
    x + x + x = (x + x) + x = 0.75
    x + x + x + x = (x + x + x) + x = 1
    x + x + x + x + x = (x + x + x + x) + x = 1.25
    x + x + x + x + x + x = (x + x + x + x + x) + x = 1.5
    x + x + x + x + x + x + x = (x + x + x + x + x + x) + x = 1.75
    f = (x + x + x + x + x + x + x) + x = 2
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    d(x + x + x + x + x + x + x) = ∂f/∂(x + x + x + x + x + x + x)   (x + x + x + x + x + x + x is an
        input of f itself)
      local ∂f/∂(x + x + x + x + x + x + x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(x + x + x + x + x + x + x) = df
                                   = 1
  
    d(x + x + x + x + x + x) = ∂f/∂(x + x + x + x + x + x) = d(x + x + x + x + x + x + x) · ∂(x + x +
        x + x + x + x + x)/∂(x + x + x + x + x + x)
      local ∂(x + x + x + x + x + x + x)/∂(x + x + x + x + x + x), from add: ∂(a + b)/∂a = 1 and ∂(a +
          b)/∂b = 1
      d(x + x + x + x + x + x) = d(x + x + x + x + x + x + x)
                               = 1
  
    d(x + x + x + x + x) = ∂f/∂(x + x + x + x + x) = d(x + x + x + x + x + x) · ∂(x + x + x + x + x +
        x)/∂(x + x + x + x + x)
      local ∂(x + x + x + x + x + x)/∂(x + x + x + x + x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b =
          1
      d(x + x + x + x + x) = d(x + x + x + x + x + x)
                           = 1
  
    d(x + x + x + x) = ∂f/∂(x + x + x + x) = d(x + x + x + x + x) · ∂(x + x + x + x + x)/∂(x + x + x +
        x)
      local ∂(x + x + x + x + x)/∂(x + x + x + x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(x + x + x + x) = d(x + x + x + x + x)
                       = 1
  
    d(x + x + x) = ∂f/∂(x + x + x) = d(x + x + x + x) · ∂(x + x + x + x)/∂(x + x + x)
      local ∂(x + x + x + x)/∂(x + x + x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(x + x + x) = d(x + x + x + x)
                   = 1
  
    d(x + x) = ∂f/∂(x + x) = d(x + x + x) · ∂(x + x + x)/∂(x + x)
      local ∂(x + x + x)/∂(x + x), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(x + x) = d(x + x + x)
               = 1
  
    dx = ∂f/∂x = Σ dc · ∂c/∂x over the 8 ops c that use x
      x is used 8 times: the contributions add up
      local ∂f/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[1] = df
            = 1
      local ∂(x + x + x + x + x + x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[2] = d(x + x + x + x + x + x + x)
            = 1
      local ∂(x + x + x + x + x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[3] = d(x + x + x + x + x + x)
            = 1
      local ∂(x + x + x + x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[4] = d(x + x + x + x + x)
            = 1
      local ∂(x + x + x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[5] = d(x + x + x + x)
            = 1
      local ∂(x + x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[6] = d(x + x + x)
            = 1
      local ∂(x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[7] = d(x + x)
            = 1
      local ∂(x + x)/∂x, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      dx[8] = d(x + x)
            = 1
      dx = dx[1] + dx[2] + … + dx[8] = 8
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient                      entry  derivation  backward  numeric  rel. error  status
    d(x + x + x + x + x + x + x)                  1         1        1      <1e-11  PASS
    d(x + x + x + x + x + x)                      1         1        1      <1e-11  PASS
    d(x + x + x + x + x)                          1         1        1      <1e-11  PASS
    d(x + x + x + x)                              1         1        1      <1e-11  PASS
    d(x + x + x)                                  1         1        1      <1e-11  PASS
    d(x + x)                                      1         1        1      <1e-11  PASS
    dx                                            8         8        8      <1e-11  PASS
  check: 7 entries, worst relative error <1e-11, h = 1e-05: PASS

Mistakes in an expression or its values are one line with the column:

  $ backprop explain --expr "tanh(w*x + )" --at "w=0.5, x=2"
  ! backprop: --expr:1:12: expected a number, a name, a function call, '(' or '[', found ')'
  [exit 1]

  $ backprop explain --expr "tanh(w*x)" --at "w=0.5"
  ! backprop: --expr:1:8: 'x' has no value; give it with --at, e.g. --at "x=1"
  [exit 1]

  $ backprop explain --expr "w*x" --at "w=0.5, x 2"
  ! backprop: --at:1:8: expected 'name=value', such as 'x=2', found 'x 2'
  [exit 1]

  $ backprop explain --expr "w*x"
  ! backprop: --expr needs --at with a value for every name, e.g. --at "x=2, w=-3"
  ! Run 'backprop explain --help' for usage.
  [exit 2]

  $ backprop explain
  ! backprop: give a network FILE or --expr EXPR --at VALUES
  ! Run 'backprop explain --help' for usage.
  [exit 2]

Mistakes in a network file name the file, line and column:

  $ backprop explain Transcripts/fixtures/undefined-name.net
  ! backprop: Transcripts/fixtures/undefined-name.net:4:13: undefined name 'b' (defined so far: W, x)
  [exit 1]

  $ backprop explain Transcripts/fixtures/shape-mismatch.net
  ! backprop: Transcripts/fixtures/shape-mismatch.net:4:7: matmul: inner dimensions differ: (1×2) · (1×3) (2 ≠ 1)
  [exit 1]

  $ backprop explain Transcripts/fixtures/typo-function.net
  ! backprop: Transcripts/fixtures/typo-function.net:5:12: unknown function 'sigmod'; did you mean 'sigmoid'? (functions: batchnorm, conv2d, cross_entropy, dropout, exp, flatten, gelu, leaky_relu, log, log_softmax, matmul, maxpool2d, mean, mse, pow, relu, reshape, sigmoid, softmax, softplus, step, sum, tanh, transpose)
  [exit 1]
