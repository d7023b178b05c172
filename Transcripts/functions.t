Functions, and the three added last
===================================

Every function a network file can call comes from its op's own declaration in
Sources/Engine/Ops: `backprop functions` lists them, and those that work on one
number also work in `explain --expr`.

  $ backprop functions
    batchnorm(x, gamma, beta, eps=0.001)
        batch normalization with batch statistics of a batch × features matrix; gamma and beta are
        rows of the feature count
    conv2d(x, K, stride=1, padding=valid)
        2-D convolution of images x (N, H, W, C) with a kernel K (KH, KW, C, F): (N, OH, OW, F)
    cross_entropy(logits, labels)
        softmax cross-entropy of a batch × classes matrix with labels declared by `labels`, averaged
        over the batch
    dropout(x, rate=0.5, seed=1)
        each element kept with probability 1 − rate and divided by 1 − rate, else 0; the mask is drawn
        from seed
    exp(x) (also in --expr)
        e^x, elementwise
    flatten(x)
        keeps the first axis and folds the others: (N, 28, 28) → (N, 784)
    gelu(x) (also in --expr)
        ½x(1 + tanh(√(2/π)(x + 0.044715x³))), elementwise: the Gaussian error linear unit, tanh form
    leaky_relu(x, slope=0.01) (also in --expr)
        x where x > 0, slope·x elsewhere, elementwise (a kink at 0, like relu)
    log(x) (also in --expr)
        the natural logarithm, elementwise
    log_softmax(x)
        x − log Σ e^x along each row, computed stably
    matmul(a, b)
        the same as a @ b: (m×k)·(k×n) → (m×n)
    maxpool2d(x, size=2, stride=size, padding=valid)
        the largest value of each size×size window of images x (N, H, W, C), channel by channel
    mean(x, axis=0|1)
        like sum, divided by the number of elements summed
    mse(prediction, target)
        mean((prediction − target)²), a single number; the shapes must match
    pow(x, exponent)
        the same as x ^ exponent: x to a constant power, elementwise
    relu(x) (also in --expr)
        max(0, x), elementwise
    reshape(x, [rows, columns])
        the same elements (row-major) in another shape, 1 to 4 dimensions
    sigmoid(x) (also in --expr)
        1 / (1 + e^(−x)), elementwise
    softmax(x)
        e^x / Σ e^x along each row, computed stably (the row maximum is subtracted first)
    softplus(x) (also in --expr)
        log(1 + e^x), elementwise: a smooth ReLU whose derivative is σ(x)
    step(x) (also in --expr)
        1 where x > 0, else 0, elementwise: relu's derivative, the mask of a ReLU's gradient
    sum(x, axis=0|1)
        over all elements (a single number), down the rows (axis=0: a 1×n row) or along each row
        (axis=1: an m×1 column)
    tanh(x) (also in --expr)
        the hyperbolic tangent, elementwise
    transpose(x)
        the transpose of a matrix

softplus, leaky_relu and gelu were each added as one file in Sources/Engine/Ops
(see "How to add an op" in README.md). They work at once in expressions ...

  $ backprop explain --expr "softplus(w*x) + gelu(b)" --at "w=0.5, x=-2, b=0.3"
  Explaining softplus(w*x) + gelu(b) at w=0.5, x=-2, b=0.3
  
  Forward pass (7 nodes, in execution order)
    w (input) = 0.5
    x (input) = -2
    w*x = w · x = -1
    softplus(w*x) = 0.313262
    b (input) = 0.3
    gelu(b) = 0.185371
    f = softplus(w*x) + gelu(b) = 0.498633
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    d(gelu(b)) = ∂f/∂(gelu(b))   (gelu(b) is an input of f itself)
      local ∂f/∂(gelu(b)), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(gelu(b)) = df
                 = 1
  
    db = ∂f/∂b = d(gelu(b)) · ∂(gelu(b))/∂b
      local ∂(gelu(b))/∂b, from gelu: gelu(x) = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³)): gelu'(x)
          = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
        where t = tanh(√(2/π) ⊙ (b + 0.044715 ⊙ b^3)) = [[0.235806]]
      db = d(gelu(b)) ⊙ (0.5 ⊙ (1 + t) + 0.5 ⊙ b ⊙ (1 − t²) ⊙ √(2/π) ⊙ (1 + 0.134145 ⊙ b²))
         = 1 ⊙ (0.5 ⊙ (1 + t) + 0.5 ⊙ 0.3 ⊙ (1 − t²) ⊙ 0.7978845608 ⊙ (1 + 0.134145 ⊙ 0.3²))
         = 0.732295
  
    d(softplus(w*x)) = ∂f/∂(softplus(w*x))   (softplus(w*x) is an input of f itself)
      local ∂f/∂(softplus(w*x)), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      d(softplus(w*x)) = df
                       = 1
  
    d(w*x) = ∂f/∂(w*x) = d(softplus(w*x)) · ∂(softplus(w*x))/∂(w*x)
      local ∂(softplus(w*x))/∂(w*x), from softplus: softplus'(x) = e^x / (1 + e^x) = σ(x)
      d(w*x) = d(softplus(w*x)) ⊙ σ((w*x))
             = 1 ⊙ σ((-1))
             = 0.268941
  
    dx = ∂f/∂x = d(w*x) · ∂(w*x)/∂x
      local ∂(w*x)/∂x, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dx = d(w*x) ⊙ w
         = 0.268941 ⊙ 0.5
         = 0.134471
  
    dw = ∂f/∂w = d(w*x) · ∂(w*x)/∂w
      local ∂(w*x)/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dw = d(w*x) ⊙ x
         = 0.268941 ⊙ (-2)
         = -0.537883
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient          entry  derivation   backward    numeric  rel. error  status
    d(gelu(b))                        1          1          1      <1e-11  PASS
    db                         0.732295   0.732295   0.732295      <1e-11  PASS
    d(softplus(w*x))                  1          1          1      <1e-11  PASS
    d(w*x)                     0.268941   0.268941   0.268941      <1e-11  PASS
    dx                         0.134471   0.134471   0.134471      <1e-10  PASS
    dw                        -0.537883  -0.537883  -0.537883      <1e-10  PASS
  check: 6 entries, worst relative error <1e-10, h = 1e-05: PASS

... where leaky_relu's kink at 0 is found like ReLU's: the finite difference
straddles it, and the check says KINK rather than FAIL ...

  $ backprop explain --expr "leaky_relu(w*x - 1, slope=0.1)" --at "w=0.5, x=2"
  Explaining leaky_relu(w*x - 1, slope=0.1) at w=0.5, x=2
  
  Forward pass (6 nodes, in execution order)
    w (input) = 0.5
    x (input) = 2
    w*x = w · x = 1
    1 (constant) = 1
    w*x - 1 = (w*x) − 1 = 0
    f = leaky_relu(w*x - 1, 0.1) = 0
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    d(w*x - 1) = ∂f/∂(w*x - 1)   (w*x - 1 is an input of f itself)
      local ∂f/∂(w*x - 1), from leaky_relu: leaky_relu'(x) = 1 if x > 0, else 0.1 (at x = 0 there is a
          kink: no derivative)
      d(w*x - 1) = df ⊙ (1[(w*x - 1) > 0] + 0.1 ⊙ (1 − 1[(w*x - 1) > 0]))
                 = 1 ⊙ (1[0 > 0] + 0.1 ⊙ (1 − 1[0 > 0]))
                 = 0.1
  
    d(w*x) = ∂f/∂(w*x) = d(w*x - 1) · ∂(w*x - 1)/∂(w*x)
      local ∂(w*x - 1)/∂(w*x), from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
      d(w*x) = d(w*x - 1)
             = 0.1
  
    dx = ∂f/∂x = d(w*x) · ∂(w*x)/∂x
      local ∂(w*x)/∂x, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dx = d(w*x) ⊙ w
         = 0.1 ⊙ 0.5
         = 0.05
  
    dw = ∂f/∂w = d(w*x) · ∂(w*x)/∂w
      local ∂(w*x)/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
      dw = d(w*x) ⊙ x
         = 0.1 ⊙ 2
         = 0.2
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient    entry  derivation  backward  numeric  rel. error  status
    d(w*x - 1)                0.1       0.1     0.55        <1e0  KINK
    d(w*x)                    0.1       0.1     0.55        <1e0  KINK
    dx                       0.05      0.05    0.275        <1e0  KINK
    dw                        0.2       0.2      1.1        <1e0  KINK
  check: 4 entries, worst relative error 0 (kinks excepted), h = 1e-05: PASS with KINKs (4 KINK)

... and in network files, where every gradient of a network using all three
passes its check.

  $ backprop gradcheck Transcripts/fixtures/activations.net
  Gradient check of Transcripts/fixtures/activations.net
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (2×3)        6             <1e-9  6 PASS   PASS
  db1       (1×3)        3            <1e-10  3 PASS   PASS
  dW2       (3×3)        9             <1e-9  9 PASS   PASS
  dW3       (3×2)        6            <1e-10  6 PASS   PASS
  
  check: 24 entries, worst relative error <1e-9, h = 1e-05: PASS

An option out of range is a mistake in the file:

  $ backprop explain --expr "leaky_relu(x, slope=1/0)" --at "x=1"
  ! backprop: --expr:1:15: slope must be a finite number, got infinity
  [exit 1]
