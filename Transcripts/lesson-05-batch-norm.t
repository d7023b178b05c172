Lesson 5: 5. Batch normalization
================================

The lesson as `backprop lesson 5` prints it: the text of Lessons/05-batch-norm.md, with
the computed output of each step in place of its run blocks. It ends with the
numeric check of every gradient entry.

  $ backprop lesson 5
  # 5. Batch normalization
  
  > Forward in training mode, and the backward derivation with the compact three-term formula for dx,
    checked.
  
  Batch normalization standardizes every feature (column) over the batch, then rescales it with
  learned `γ` and `β`. For a batch of `N` rows, per feature:
  
      μ  = (1/N) Σₙ xₙ                 the batch mean
      σ² = (1/N) Σₙ (xₙ − μ)²          the batch variance (divided by N, not N − 1)
      x̂ₙ = (xₙ − μ) / √(σ² + ε)        standardized
      yₙ = γ·x̂ₙ + β
  
  In training mode `μ` and `σ²` are those of the batch itself, so every output depends on every
  input of its column: that is what makes the backward pass interesting. Here a batch of 4 samples
  with 3 features goes through a linear layer, then batch normalization (Keras's `ε = 0.001`), then
  a squared error:
  
      input  x = [[ 1.0, -0.5,  2.0],
                  [ 0.3,  0.8, -1.2],
                  [-0.7,  1.5,  0.4],
                  [ 2.2, -0.1,  0.9]]
      target t = [[ 0.5, -1.0,  0.2],
                  [-0.3,  0.6,  1.1],
                  [ 1.2,  0.1, -0.8],
                  [-0.4,  0.9,  0.3]]
  
      param W     = [[ 0.6, -0.2,  0.3],
                     [ 0.1,  0.5, -0.4],
                     [-0.3,  0.2,  0.7]]
      param gamma = [1.0, 1.5, 0.5]
      param beta  = [0.0, 0.1, -0.2]
  
      z    = x @ W
      y    = batchnorm(z, gamma, beta, eps=0.001)
      e    = y - t
      loss = 0.5 * sum(e ^ 2)
  
      z = x · W = [[-0.05, -0.05,   1.9],
                   [ 0.62,   0.1, -1.07],
                   [-0.39,  0.97, -0.53],
                   [ 1.04, -0.31,  1.33]]
      y = batchnorm(z; γ=gamma, β=beta) = [[-0.634409, -0.608682,  0.402105],
                                           [ 0.562926, -0.141419, -0.796053],
                                           [ -1.24201,   2.56871, -0.578206],
                                           [   1.3135,   -1.4186,  0.172155]]
      loss = 0.5 · sum(e ^ 2) = 13.4028
  
  ## Backward
  
  `dβ` and `dγ` are sums over the batch, as for any per-feature scale and shift:
  `dβ = Σₙ dyₙ` and `dγ = Σₙ dyₙ ⊙ x̂ₙ`.
  
  For the input, each `x̂ₙ` depends on `xₙ` directly and through `μ` and `σ²`. Following all three
  paths and simplifying gives the compact formula
  
      dx = γ / (N·√(σ² + ε)) ⊙ (N·dy − Σₙ dy − x̂ ⊙ Σₙ(dy ⊙ x̂))
  
  Three terms: the direct path (`N·dy`), the mean's path (`Σ dy`, the same for every row), and the
  variance's path (`x̂ ⊙ Σ(dy ⊙ x̂)`). The sums run down each column. Here `x` of the formula is
  `z`, the input of the batch-norm node:
  
      dy = ∂loss/∂y = de · ∂e/∂y
        local ∂e/∂y, from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
        dy = de
           = [[-1.13441,  0.391318,  0.202105],
              [0.862926, -0.741419,  -1.89605],
              [-2.44201,   2.46871,  0.221794],
              [  1.7135,   -2.3186, -0.127845]]
  
      dz = ∂loss/∂z = dy · ∂y/∂z
        local ∂y/∂z, from batchnorm: y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε) over the batch: dβ = Σ dy,
            dγ = Σ dy ⊙ x̂, dx = γ/(N·√(σ² + ε)) ⊙ (N·dy − Σ dy − x̂ ⊙ Σ(dy ⊙ x̂))
          where μ = mean_rows(z) = [[0.305, 0.1775, 0.4075]]
          where σ² = mean_rows((z − μ)²) = [[0.312125, 0.230869, 1.53512]]
          where s = √(σ² + ε) = [[0.559576, 0.481528, 1.2394]]
          where x̂ = (z − μ) / s = [[-0.634409, -0.472455,   1.20421],
                                   [ 0.562926, -0.160946,  -1.19211],
                                   [ -1.24201,    1.6458, -0.756413],
                                   [   1.3135,   -1.0124,   0.74431]]
        dz = gamma / s / N ⊙ (N ⊙ dy − sum_rows(dy) − x̂ ⊙ sum_rows(dy ⊙ x̂))
           = [[ 0.258732,   3.70922, -0.0292392],
              [ 0.356881,  -1.35857,  -0.334133],
              [-0.316526, -0.286202,   0.421787],
              [-0.299087,  -2.06445, -0.0584145]]
  
      dbeta = ∂loss/∂beta = dy · ∂y/∂beta
        local ∂y/∂beta, from batchnorm: y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε) over the batch: dβ = Σ
            dy, dγ = Σ dy ⊙ x̂, dx = γ/(N·√(σ² + ε)) ⊙ (N·dy − Σ dy − x̂ ⊙ Σ(dy ⊙ x̂))
        dbeta = reshape(sum_rows(dy), shape of beta)   : sum_rows((4×3)) → (3)
              = sum_rows([[-1.13441, 0.391318, 0.202105], [0.862926, -0.741419, -1.89605], [-2.44201,
                  2.46871, 0.221794], [1.7135, -2.3186, -0.127845]])
              = [-1, -0.2, -1.6]
  
      dgamma = ∂loss/∂gamma = dy · ∂y/∂gamma
        local ∂y/∂gamma, from batchnorm: y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε) over the batch: dβ = Σ
            dy, dγ = Σ dy ⊙ x̂, dx = γ/(N·√(σ² + ε)) ⊙ (N·dy − Σ dy − x̂ ⊙ Σ(dy ⊙ x̂))
          where μ = mean_rows(z) = [[0.305, 0.1775, 0.4075]]
          where σ² = mean_rows((z − μ)²) = [[0.312125, 0.230869, 1.53512]]
          where s = √(σ² + ε) = [[0.559576, 0.481528, 1.2394]]
          where x̂ = (z − μ) / s = [[-0.634409, -0.472455,   1.20421],
                                   [ 0.562926, -0.160946,  -1.19211],
                                   [ -1.24201,    1.6458, -0.756413],
                                   [   1.3135,   -1.0124,   0.74431]]
        dgamma = reshape(sum_rows(dy ⊙ x̂), shape of gamma)   : sum_rows((4×3) ⊙ (4×3)) → (3)
               = sum_rows([[-1.13441, 0.391318, 0.202105], [0.862926, -0.741419, -1.89605], [-2.44201,
                   2.46871, 0.221794], [1.7135, -2.3186, -0.127845]] ⊙ x̂)
               = [6.48912, 6.34482, 2.24075]
  
  Each column of `dz` sums to 0: moving a whole column up or down changes nothing after
  standardization, so the gradient cannot point that way.
  
  ## Checked
  
  Every entry of `dz` (the three-term formula), `dγ`, `dβ` and `dW`, three ways:
  
      gradient       shape  checked  worst rel. error  entries  status
      d(sum(e ^ 2))  ()           1            <1e-10  1 PASS   PASS
      d(e ^ 2)       (4×3)       12             <1e-9  12 PASS  PASS
      de             (4×3)       12             <1e-9  12 PASS  PASS
      dy             (4×3)       12             <1e-9  12 PASS  PASS
      dz             (4×3)       12             <1e-9  12 PASS  PASS
      dbeta          (3)          3             <1e-9  3 PASS   PASS
      dgamma         (3)          3            <1e-10  3 PASS   PASS
      dW             (3×3)        9             <1e-8  9 PASS   PASS
  
      check: 64 entries, worst relative error <1e-8, h = 1e-05: PASS
  
