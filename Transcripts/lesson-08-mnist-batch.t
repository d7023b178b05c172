Lesson 8: The MNIST model on a batch of 4
==========================================

The lesson as `backprop lesson 8` prints it, on the first four images of the
real MNIST test set (read from MNIST_DIR): the Keras tutorial's code mapped line by line
to the engine's nodes, the four digits, every shape and gradient in Double, one Adam
step with the ten probabilities of each image before and after it, and a sampled
three-way check.

  $ backprop lesson 8
  # 8. The MNIST model on a batch of 4
  
  > The Keras tutorial's model, line by line, on 4 MNIST images: one Adam step, a sampled check.
  
  Everything so far ran on networks small enough to print every number. The Keras tutorial trains
  this model on MNIST:
  
      model = tf.keras.models.Sequential([
          tf.keras.layers.Flatten(input_shape=(28, 28)),
          tf.keras.layers.Dense(128, activation='relu'),
          tf.keras.layers.Dense(10, activation='softmax')
      ])
      model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
                    metrics=['accuracy'])
  
  Each line is a few nodes of what the engine records (the node names are the ones printed below):
  
  - `Flatten(input_shape=(28, 28))` is a reshape, no arithmetic: `x_flat = reshape(x)`, the batch
    of images (4×28×28) becomes 4 rows of 784 pixels (4×784).
  - `Dense(128, activation='relu')` is `x_flat @ W1 + b1` then ReLU: `xW1` (4×128) is the matrix
    product with the weights `W1` (784×128), `z1` adds the bias `b1` (128) to every row, and
    `h1 = relu(z1)`.
  - `Dense(10, activation='softmax')` is `h1 @ W2 + b2`: `xW2`, then `logits` (4×10), one number
    per digit. Its softmax and the loss `sparse_categorical_crossentropy` are one node here,
    `cross_entropy` from the logits: for an image with label `y` the loss is
    `−log softmax(z)[y] = log Σⱼ exp(zⱼ) − z_y`, averaged over the 4 images.
  - `optimizer='adam'` is Adam with Keras's defaults (η 0.001, β1 0.9, β2 0.999, ε 1e-7),
    the optimizer of lesson 7.
  
  Why the softmax and the loss are one node: apart, the backward pass would go from `−log p_y`
  through `1/p_y` and then through the 10×10 Jacobian of the softmax; together, the gradient with
  respect to the logits is just `p − onehot(y)` (divided by the batch size), one subtraction.
  And the loss is computed as `m + log Σⱼ exp(zⱼ − m) − z_y` with `m` the largest logit, so no
  `exp` overflows and no `log` of a probability that rounded to 0 is taken. Keras in TensorFlow 2
  does the same inside: a softmax activation keeps its logits beside its output, and this loss
  uses them.
  
  The model has 101,770 parameters. Here it runs on the first four images of the MNIST test set,
  in Double precision, with the same layers, the same initialization (Glorot-uniform weights,
  zero biases, random seed 1) and the same ops `backprop` trains with. The files are read from
  the MNIST folder (`--data DIR`, else the `MNIST_DIR` environment variable, else the per-user
  cache); when they are missing the lesson says how to get them (`backprop mnist download`).
  
  The program prints the four digits, every node of the forward pass with its shape and range,
  then every gradient with how far the explainer's own derivation is from the backward pass.
  Many entries of `dW1` are exactly 0: the pixels at the border of every image are 0, so the
  weights leaving them get no gradient. Then it takes one Adam step, as `model.fit` does after
  each batch, shows Adam's state for a few weights, and the ten probabilities of each image
  before and after the step. Last, a check: a full three-way check of 101,770 weights would take
  203,540 forward passes, so a few entries of each parameter are checked, half of them where the
  gradient is largest, half spread evenly.
  
      Batch: the first 4 test images, labels 7, 2, 1, 0; pixels scaled to [0, 1].
  
        label 7                           label 2
        ┌────────────────────────────┐    ┌────────────────────────────┐
        │                            │    │                            │
        │                            │    │          ░░░▒▒░            │
        │                            │    │        ░████▓███░          │
        │       ░░░                  │    │       ░██▒   ░██░          │
        │      ▒▓▓▓███████████░      │    │             ░███           │
        │                  ░██░      │    │            ░██▓            │
        │                 ░██░       │    │           ███░             │
        │                ░██         │    │          ███░              │
        │               ░██          │    │        ░███░               │
        │              ▒█▓           │    │        ███           ░░░░  │
        │             ██▒            │    │        █████████▓██████▓▓░ │
        │           ░██░             │    │         ░░░░░▒▒▒░░░        │
        │          ░███              │    │                            │
        │          ░▒▒               │    │                            │
        └────────────────────────────┘    └────────────────────────────┘
        label 1                           label 0
        ┌────────────────────────────┐    ┌────────────────────────────┐
        │                            │    │                            │
        │                            │    │                            │
        │                ░█░         │    │             ▓██░           │
        │                ▓▓          │    │          ░▒████▒░          │
        │               ▒█           │    │         ░█████████▒        │
        │              ░██           │    │        ▒████▓░  ░██▓░      │
        │              ▓█            │    │        ███▒      ░███      │
        │             ▒█▒            │    │       ░██        ░███░     │
        │            ░█▓             │    │       ███      ░▓███▒      │
        │            ▓█▒             │    │       ███  ▒▒▒█████░       │
        │           ░██              │    │       ░██████████▒░        │
        │           ██░              │    │         ░▓███▓▓░           │
        │                            │    │                            │
        │                            │    │                            │
        └────────────────────────────┘    └────────────────────────────┘
  
      Model mlp: input (28×28)
        Flatten                                   (None, 784)     0 parameters
        Dense(784 → 128, relu)                    (None, 128)     100480 parameters
        Dense(128 → 10)                           (None, 10)      1290 parameters
        total: 101770 trainable parameters
  
      Forward: every node, its shape and its range
        node    op             shape      values
        x       input          (4×28×28)  min 0  max 1  mean 0.117783
        x_flat  reshape        (4×784)    min 0  max 1  mean 0.117783
        W1      parameter      (784×128)  min -0.0811066  max 0.0811071  mean -0.000162132
        xW1     matmul         (4×128)    min -1.34829  max 1.38895  mean -0.0144037
        b1      parameter      (128)      min 0  max 0  mean 0
        z1      add            (4×128)    min -1.34829  max 1.38895  mean -0.0144037
        h1      relu           (4×128)    min 0  max 1.38895  mean 0.159149
        W2      parameter      (128×10)   min -0.208336  max 0.208182  mean 0.00563866
        xW2     matmul         (4×10)     min -0.842646  max 1.01201  mean 0.158581
        b2      parameter      (10)       min 0  max 0  mean 0
        logits  add            (4×10)     min -0.842646  max 1.01201  mean 0.158581
        loss    cross_entropy  ()         2.52967
  
      Backward: every gradient's shape, its range, and how far the derivation is from backward
        gradient  shape      values                                           derivation
        dloss     ()         1                                                0
        dlogits   (4×10)     min -0.238675  max 0.0494994  mean 2.60209e-18   <1e-15
        db2       (10)       min -0.173572  max 0.149643  mean 6.93889e-18    <1e-15
        dxW2      (4×10)     min -0.238675  max 0.0494994  mean 2.60209e-18   <1e-15
        dW2       (128×10)   min -0.313522  max 0.113544  mean 9.56978e-19    <1e-14
        dh1       (4×128)    min -0.0667121  max 0.0747351  mean 0.000967171  <1e-13
        dz1       (4×128)    min -0.0566615  max 0.0647576  mean 3.70412e-05  <1e-13
        db1       (128)      min -0.118738  max 0.127736  mean 0.000148165    <1e-14
        dxW1      (4×128)    min -0.0566615  max 0.0647576  mean 3.70412e-05  <1e-13
        dW1       (784×128)  min -0.112573  max 0.137908  mean 0.000154658    <1e-12
  
      One Adam step, t = 1 (compile(optimizer='adam')): η 0.001, β1 0.9, β2 0.999, ε 1e-07
        m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²  (both start at 0)
        α = η·√(1 − β2ᵗ)/(1 − β1ᵗ),  step = α·m/(√(v) + ε)
        which is η·m̂/(√(v̂) + ε̂) with the bias-corrected m̂ = m/(1 − β1ᵗ),
        v̂ = v/(1 − β2ᵗ), ε̂ = ε/√(1 − β2ᵗ);  θ ← θ − step
        weight              g           m            v          step    θ before       θ after
        W1[0,0]             0           0            0             0   0.0329183     0.0329183
        W1[602,36]   0.137908   0.0137908  1.90186e-05   0.000999977  -0.0638843    -0.0648843
        b1[36]       0.127736   0.0127736  1.63166e-05   0.000999975           0  -0.000999975
        W2[36,2]    -0.313522  -0.0313522  9.82961e-05   -0.00099999   -0.173426     -0.172426
        b2[0]       -0.173572  -0.0173572  3.01273e-05  -0.000999982           0   0.000999982
        On this first step m̂ = g and v̂ = g²: each weight moves by about η against its
        gradient, whatever the gradient's size; one whose gradient is 0 (a border pixel's) stays.
  
      The ten probabilities softmax(logits) of each image, before and after the step
      (the label's in brackets)
        label           0       1       2       3       4       5       6       7       8       9
        7  before  0.0698  0.0797  0.0974  0.1063  0.1150  0.1164  0.0738 [0.1160] 0.0788  0.1470
           after   0.0853  0.0733  0.0906  0.1053  0.1013  0.1017  0.0667 [0.1617] 0.0736  0.1403
        2  before  0.0692  0.0753 [0.0453] 0.1068  0.1980  0.1431  0.0871  0.1349  0.1094  0.0310
           after   0.0818  0.0810 [0.0919] 0.1131  0.1561  0.1274  0.0865  0.1217  0.1125  0.0281
        1  before  0.0903 [0.1003] 0.1183  0.0901  0.1071  0.1548  0.0788  0.0872  0.1032  0.0700
           after   0.0937 [0.1248] 0.1193  0.0897  0.0979  0.1399  0.0772  0.0885  0.0984  0.0706
        0  before [0.0765] 0.0976  0.0530  0.0890  0.1785  0.1410  0.1018  0.1047  0.0564  0.1015
           after  [0.1731] 0.0931  0.0565  0.0781  0.1324  0.1076  0.0903  0.1281  0.0547  0.0861
        loss (the mean of −log p(label)): 2.52967 before, 2.01093 after
  
      Sampled check, at the parameters before the step (where the gradients above were computed):
      6 entries of each parameter, half the largest gradients, half spread evenly
        gradient  shape          checked  worst rel. error  entries  status
        dW1       (784×128)  6 of 100352             <1e-7  6 PASS   PASS
        db1       (128)         6 of 128             <1e-7  6 PASS   PASS
        dW2       (128×10)     6 of 1280             <1e-9  6 PASS   PASS
        db2       (10)           6 of 10             <1e-9  6 PASS   PASS
  
      check: 24 entries, worst relative error <1e-7, h = 1e-05: PASS
  
  This is the bridge to full MNIST: `backprop mnist train` trains exactly this model, in Float
  instead of Double, on batches of 32 of the 60,000 training images, one Adam step per batch, and
  every one of its steps computes what this lesson printed.
  

Without the MNIST files the lesson says where it looked and how to get them:

  $ backprop lesson 8 --data Transcripts/fixtures
  # 8. The MNIST model on a batch of 4
  
  > The Keras tutorial's model, line by line, on 4 MNIST images: one Adam step, a sampled check.
  
  Everything so far ran on networks small enough to print every number. The Keras tutorial trains
  this model on MNIST:
  
      model = tf.keras.models.Sequential([
          tf.keras.layers.Flatten(input_shape=(28, 28)),
          tf.keras.layers.Dense(128, activation='relu'),
          tf.keras.layers.Dense(10, activation='softmax')
      ])
      model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
                    metrics=['accuracy'])
  
  Each line is a few nodes of what the engine records (the node names are the ones printed below):
  
  - `Flatten(input_shape=(28, 28))` is a reshape, no arithmetic: `x_flat = reshape(x)`, the batch
    of images (4×28×28) becomes 4 rows of 784 pixels (4×784).
  - `Dense(128, activation='relu')` is `x_flat @ W1 + b1` then ReLU: `xW1` (4×128) is the matrix
    product with the weights `W1` (784×128), `z1` adds the bias `b1` (128) to every row, and
    `h1 = relu(z1)`.
  - `Dense(10, activation='softmax')` is `h1 @ W2 + b2`: `xW2`, then `logits` (4×10), one number
    per digit. Its softmax and the loss `sparse_categorical_crossentropy` are one node here,
    `cross_entropy` from the logits: for an image with label `y` the loss is
    `−log softmax(z)[y] = log Σⱼ exp(zⱼ) − z_y`, averaged over the 4 images.
  - `optimizer='adam'` is Adam with Keras's defaults (η 0.001, β1 0.9, β2 0.999, ε 1e-7),
    the optimizer of lesson 7.
  
  Why the softmax and the loss are one node: apart, the backward pass would go from `−log p_y`
  through `1/p_y` and then through the 10×10 Jacobian of the softmax; together, the gradient with
  respect to the logits is just `p − onehot(y)` (divided by the batch size), one subtraction.
  And the loss is computed as `m + log Σⱼ exp(zⱼ − m) − z_y` with `m` the largest logit, so no
  `exp` overflows and no `log` of a probability that rounded to 0 is taken. Keras in TensorFlow 2
  does the same inside: a softmax activation keeps its logits beside its output, and this loss
  uses them.
  
  The model has 101,770 parameters. Here it runs on the first four images of the MNIST test set,
  in Double precision, with the same layers, the same initialization (Glorot-uniform weights,
  zero biases, random seed 1) and the same ops `backprop` trains with. The files are read from
  the MNIST folder (`--data DIR`, else the `MNIST_DIR` environment variable, else the per-user
  cache); when they are missing the lesson says how to get them (`backprop mnist download`).
  
  The program prints the four digits, every node of the forward pass with its shape and range,
  then every gradient with how far the explainer's own derivation is from the backward pass.
  Many entries of `dW1` are exactly 0: the pixels at the border of every image are 0, so the
  weights leaving them get no gradient. Then it takes one Adam step, as `model.fit` does after
  each batch, shows Adam's state for a few weights, and the ten probabilities of each image
  before and after the step. Last, a check: a full three-way check of 101,770 weights would take
  203,540 forward passes, so a few entries of each parameter are checked, half of them where the
  gradient is largest, half spread evenly.
  
  ! backprop: train-images-idx3-ubyte.gz: MNIST file not found; looked in --data Transcripts/fixtures (missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy
  [exit 1]
