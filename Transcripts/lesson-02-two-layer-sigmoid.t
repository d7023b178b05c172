Lesson 2: 2. A 2-2-2 sigmoid network
====================================

The lesson as `backprop lesson 2` prints it: the text of Lessons/02-two-layer-sigmoid.md, with
the computed output of each step in place of its run blocks. It ends with the
numeric check of every gradient entry.

  $ backprop lesson 2
  # 2. A 2-2-2 sigmoid network
  
  > Every forward number, every backward number, one SGD update of every weight and bias, and the loss
    before and after.
  
  This is the classic hand-worked example of backpropagation: two inputs, a hidden layer of two
  sigmoid neurons, two sigmoid outputs, and the squared error against two targets. The numbers are
  the ones of Matt Mazur's "A Step by Step Backpropagation Example" (2015), written as matrices:
  row `i` of `W1` holds the weights leaving input `i`, so `x @ W1` gives both hidden neurons at
  once. All numbers in this lesson are printed with 9 significant digits.
  
      input  x = [[0.05, 0.10]]          # one sample, two features
      target t = [[0.01, 0.99]]          # what the two outputs should be
  
      param W1 = [[0.15, 0.25],
                  [0.20, 0.30]]
      param b1 = [0.35, 0.35]
      param W2 = [[0.40, 0.50],
                  [0.45, 0.55]]
      param b2 = [0.60, 0.60]
  
      z1 = x @ W1 + b1                   # hidden pre-activations
      h  = sigmoid(z1)                   # hidden outputs
      z2 = h @ W2 + b2                   # output pre-activations
      o  = sigmoid(z2)                   # outputs
      e  = o - t                         # errors
      loss = 0.5 * sum(e ^ 2)            # E = ½ Σ (o − t)²
  
  ## Forward
  
  `x @ W1` is recorded as its own node, named by its text `x @ W1`, before the bias is added, so
  every single operation has its value:
  
  
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
      h = σ(z1) = [[0.593269992, 0.596884378]]
      h @ W2 = h · W2 = [[0.505905967, 0.624921404]]
      z2 = (h @ W2) + b2 = [[1.10590597, 1.2249214]]
      o = σ(z2) = [[0.75136507, 0.772928465]]
      e = o − t = [[0.74136507, -0.217071535]]
      e ^ 2 = [[0.549622166, 0.0471200512]]
      sum(e ^ 2) = 0.596742218
      loss = 0.5 · sum(e ^ 2) = 0.298371109
  
  The loss is 0.298371109, as in the hand-worked example.
  
  ## Backward
  
  Backward starts from `dloss = 1` and visits the nodes in reverse, one short local step per node:
  each gradient from the one a step nearer the loss (`dh` from `d(h @ W2)`). The sigmoid's local
  derivative is `σ'(z) = σ(z)·(1 − σ(z))`, which only needs the sigmoid's own output, so
  `dz2 = do ⊙ o ⊙ (1 − o)`.
  A matrix product `z = h · W2` sends back `dh = dz · W2ᵀ` and `dW2 = hᵀ · dz`: the shapes
  written after each matrix step show why the transposes are needed. A bias added to every row
  collects the sum of the rows' gradients (here there is one row).
  
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
           = [[0.5, 0.5]] ⊙ 2 ⊙ [[0.74136507, -0.217071535]]^1
           = [[0.74136507, -0.217071535]]
  
      do = ∂loss/∂o = de · ∂e/∂o
        local ∂e/∂o, from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
        do = de
           = [[0.74136507, -0.217071535]]
  
      dz2 = ∂loss/∂z2 = do · ∂o/∂z2
        local ∂o/∂z2, from sigmoid: σ'(z) = σ(z)·(1 − σ(z))
        dz2 = do ⊙ o ⊙ (1 − o)
            = [[0.74136507, -0.217071535]] ⊙ [[0.75136507, 0.772928465]] ⊙ (1 − [[0.75136507,
                0.772928465]])
            = [[0.138498562, -0.0380982365]]
  
      d(h @ W2) = ∂loss/∂(h @ W2) = dz2 · ∂z2/∂(h @ W2)
        local ∂z2/∂(h @ W2), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row
            (a bias) collects the sum of their gradients
        d(h @ W2) = dz2
                  = [[0.138498562, -0.0380982365]]
  
      dh = ∂loss/∂h = d(h @ W2) · ∂(h @ W2)/∂h
        local ∂(h @ W2)/∂h, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
            A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
        dh = d(h @ W2) · W2ᵀ   : (1×2) · (2×2) → (1×2)
           = [[0.138498562, -0.0380982365]] · [[0.4, 0.5], [0.45, 0.55]]ᵀ
           = [[0.0363503064, 0.0413703226]]
  
      dz1 = ∂loss/∂z1 = dh · ∂h/∂z1
        local ∂h/∂z1, from sigmoid: σ'(z) = σ(z)·(1 − σ(z))
        dz1 = dh ⊙ h ⊙ (1 − h)
            = [[0.0363503064, 0.0413703226]] ⊙ [[0.593269992, 0.596884378]] ⊙ (1 − [[0.593269992,
                0.596884378]])
            = [[0.00877135469, 0.00995425471]]
  
      d(x @ W1) = ∂loss/∂(x @ W1) = dz1 · ∂z1/∂(x @ W1)
        local ∂z1/∂(x @ W1), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row
            (a bias) collects the sum of their gradients
        d(x @ W1) = dz1
                  = [[0.00877135469, 0.00995425471]]
  
      db2 = ∂loss/∂b2 = dz2 · ∂z2/∂b2
        local ∂z2/∂b2, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a
            bias) collects the sum of their gradients
        db2 = sum_rows(dz2)   : sum_rows((1×2)) → (2)
            = sum_rows([[0.138498562, -0.0380982365]])
            = [0.138498562, -0.0380982365]
  
      dW2 = ∂loss/∂W2 = d(h @ W2) · ∂(h @ W2)/∂W2
        unrolled, the local steps from the loss down to W2 multiply into its whole chain:
        ∂loss/∂W2 = ∂loss/∂(sum(e ^ 2)) · ∂(sum(e ^ 2))/∂(e ^ 2) · ∂(e ^ 2)/∂e · ∂e/∂o
                  · ∂o/∂z2 · ∂z2/∂(h @ W2) · ∂(h @ W2)/∂W2
        local ∂(h @ W2)/∂W2, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
            A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
        dW2 = hᵀ · d(h @ W2)   : (2×1) · (1×2) → (2×2)
            = [[0.593269992, 0.596884378]]ᵀ · [[0.138498562, -0.0380982365]]
            = [[0.0821670406, -0.0226025405],
               [0.0826676278, -0.0227402422]]
  
      db1 = ∂loss/∂b1 = dz1 · ∂z1/∂b1
        local ∂z1/∂b1, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a
            bias) collects the sum of their gradients
        db1 = sum_rows(dz1)   : sum_rows((1×2)) → (2)
            = sum_rows([[0.00877135469, 0.00995425471]])
            = [0.00877135469, 0.00995425471]
  
      dW1 = ∂loss/∂W1 = d(x @ W1) · ∂(x @ W1)/∂W1
        local ∂(x @ W1)/∂W1, from matmul: Y = A·B: ∂Y[i,j]/∂A[i,k] = B[k,j] and ∂Y[i,j]/∂B[k,j] =
            A[i,k], so dA = dY·Bᵀ and dB = Aᵀ·dY
        dW1 = xᵀ · d(x @ W1)   : (2×1) · (1×2) → (2×2)
            = [[0.05, 0.1]]ᵀ · [[0.00877135469, 0.00995425471]]
            = [[0.000438567734, 0.000497712735],
               [0.000877135469, 0.000995425471]]
  
  `dW2[0,0] = 0.0821670406` and `dW1[0,0] = 0.000438568`: the same numbers as the hand-worked
  example's `∂E/∂w5` and `∂E/∂w1`.
  
  ## Checked
  
  The parameters' gradients derived above, at the parameters they were derived at, each entry
  three ways (the derivation, the engine's backward pass, a central finite difference), then one
  line per parameter. A check shows six digits; `backprop lesson 2 --digits 9` shows nine, and
  `dW2[0,0]` reads `0.0821670406` in all three columns:
  
      gradient  entry   derivation     backward      numeric  rel. error  status
      dW1       [0,0]  0.000438568  0.000438568  0.000438568       <1e-7  PASS
      dW1       [0,1]  0.000497713  0.000497713  0.000497713       <1e-8  PASS
      dW1       [1,0]  0.000877135  0.000877135  0.000877135       <1e-9  PASS
      dW1       [1,1]  0.000995425  0.000995425  0.000995425       <1e-8  PASS
      db1       [0]     0.00877135   0.00877135   0.00877135       <1e-9  PASS
      db1       [1]     0.00995425   0.00995425   0.00995425       <1e-9  PASS
      dW2       [0,0]     0.082167     0.082167     0.082167      <1e-10  PASS
      dW2       [0,1]   -0.0226025   -0.0226025   -0.0226025      <1e-10  PASS
      dW2       [1,0]    0.0826676    0.0826676    0.0826676      <1e-10  PASS
      dW2       [1,1]   -0.0227402   -0.0227402   -0.0227402      <1e-10  PASS
      db2       [0]       0.138499     0.138499     0.138499      <1e-10  PASS
      db2       [1]     -0.0380982   -0.0380982   -0.0380982      <1e-10  PASS
  
      gradient  shape  checked  worst rel. error  entries  status
      dW1       (2×2)        4             <1e-7  4 PASS   PASS
      db1       (2)          2             <1e-9  2 PASS   PASS
      dW2       (2×2)        4            <1e-10  4 PASS   PASS
      db2       (2)          2            <1e-10  2 PASS   PASS
  
      check: 12 entries, worst relative error <1e-7, h = 1e-05: PASS
  
  ## One SGD update
  
  With the example's learning rate `η = 0.5`, every weight and bias moves against its gradient:
  
      SGD step with η = 0.5: θ ← θ − η·dθ for every parameter
      W1 ← W1 − η·dW1 = [[0.15, 0.25], [0.2, 0.3]] − 0.5·[[0.000438567734, 0.000497712735],
          [0.000877135469, 0.000995425471]]
           = [[0.149780716, 0.249751144], [0.199561432, 0.299502287]]
      b1 ← b1 − η·db1 = [0.35, 0.35] − 0.5·[0.00877135469, 0.00995425471]
           = [0.345614323, 0.345022873]
      W2 ← W2 − η·dW2 = [[0.4, 0.5], [0.45, 0.55]] − 0.5·[[0.0821670406, -0.0226025405],
          [0.0826676278, -0.0227402422]]
           = [[0.35891648, 0.51130127], [0.408666186, 0.561370121]]
      b2 ← b2 − η·db2 = [0.6, 0.6] − 0.5·[0.138498562, -0.0380982365]
           = [0.530750719, 0.619049118]
      loss before the step: 0.298371109
      loss after the step:  0.280471447
  
  The loss went down from 0.298371109. (The original example updates only the weights; here the
  biases move too, so the new loss differs from its 0.291027924.)
  
  ## Checked again, after the update
  
  The step changed every gradient. Checked again at the updated parameters, every gradient this
  time (the intermediates' too), one line each; a table would list the entries that are not PASS:
  
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
      dW2            (2×2)        4             <1e-9  4 PASS   PASS
      db1            (2)          2             <1e-9  2 PASS   PASS
      dW1            (2×2)        4             <1e-8  4 PASS   PASS
  
      check: 29 entries, worst relative error <1e-8, h = 1e-05: PASS
  
