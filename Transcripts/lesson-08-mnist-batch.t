Lesson 8: The MNIST model on a batch of 4
==========================================

The lesson as `backprop lesson 8` prints it, on the first four images of the
real MNIST test set (read from MNIST_DIR): the Keras tutorial's model in Double, every
shape, sampled values, every gradient, and a sampled three-way check.

  $ backprop lesson 8
  # 8. The MNIST model on a batch of 4
  
  > The Keras tutorial's model (Flatten → Dense 128 ReLU → Dense 10 softmax) on 4 real MNIST images:
    every shape, sampled values, every gradient, and a sampled gradient check.
  
  Everything so far ran on networks small enough to print every number. The Keras tutorial's MNIST
  model is the same computation at a larger size: a 28×28 image is flattened into 784 numbers, a dense
  layer with ReLU makes 128 hidden values, a second dense layer makes 10 logits, one per digit, and
  softmax with cross-entropy against the true digit gives the loss:
  
      x (4×28×28) → flatten (4×784) → · W1 (784×128) + b1 → relu (4×128)
                  → · W2 (128×10) + b2 → logits (4×10) → cross_entropy with the labels → loss
  
  It has 101,770 parameters. Here it runs on the first four images of the MNIST test set, in Double
  precision, with the same layers, the same initialization (Glorot-uniform weights, zero biases,
  seed 1) and the same ops `backprop` trains with. The files are read from the MNIST folder
  (`--data DIR`, else the `MNIST_DIR` environment variable, else the per-user cache); when they are
  missing the lesson says how to get them (`backprop mnist download`).
  
  Every node of the forward pass, with its shape and a sample of its values, then every gradient:
  its shape, a summary, and how far the explainer's own derivation is from the backward pass. A
  full three-way check of 101,770 weights would take 203,540 forward passes; instead a few entries
  of each parameter are checked: half of them where the gradient is largest, half spread evenly.
  Many entries of `dW1` are exactly 0: the pixels at the border of every image are 0, so the
  weights leaving them get no gradient.
  
      Batch: the first 4 test images, labels 7, 2, 1, 0; pixels scaled to [0, 1].
      Model mlp: input (28×28)
    Flatten                                   (None, 784)     0 parameters
    Dense(784 → 128, relu)                    (None, 128)     100480 parameters
    Dense(128 → 10)                           (None, 10)      1290 parameters
    total: 101770 trainable parameters
  
      Forward: every node, its shape and a sample of its values (the first 4, then a summary)
        node    op             shape      values
        x       input          (4×28×28)  0, 0, 0, 0, …  min 0 mean 0.117783 max 1 ‖·‖₂ 17.8007
        x_flat  reshape        (4×784)    0, 0, 0, 0, …  min 0 mean 0.117783 max 1 ‖·‖₂ 17.8007
        W1      parameter      (784×128)  0.0329183, 0.00331526, 0.0120215, -0.0176288, …  min
            -0.0811066 mean -0.000162132 max 0.0811071 ‖·‖₂ 14.8299
        xW1     matmul         (4×128)    -0.267909, 0.968355, -0.672553, 0.0324058, …  min -1.34829
            mean -0.0144037 max 1.38895 ‖·‖₂ 9.51204
        b1      parameter      (128)      0, 0, 0, 0, …  min 0 mean 0 max 0 ‖·‖₂ 0
        z1      add            (4×128)    -0.267909, 0.968355, -0.672553, 0.0324058, …  min -1.34829
            mean -0.0144037 max 1.38895 ‖·‖₂ 9.51204
        h1      relu           (4×128)    0, 0.968355, 0, 0.0324058, …  min 0 mean 0.159149 max
            1.38895 ‖·‖₂ 6.53633
        W2      parameter      (128×10)   -0.131964, 0.0411892, 0.0124133, 0.167774, …  min -0.208336
            mean 0.00563866 max 0.208182 ‖·‖₂ 4.22752
        xW2     matmul         (4×10)     -0.0952267, 0.0376853, 0.238273, 0.325532, …  min -0.842646
            mean 0.158581 max 1.01201 ‖·‖₂ 2.50786
        b2      parameter      (10)       0, 0, 0, 0, …  min 0 mean 0 max 0 ‖·‖₂ 0
        logits  add            (4×10)     -0.0952267, 0.0376853, 0.238273, 0.325532, …  min -0.842646
            mean 0.158581 max 1.01201 ‖·‖₂ 2.50786
        loss    cross_entropy  ()         2.52967
  
      Backward: every gradient's shape, a summary, and the derivation's agreement with backward
        gradient  shape      values                                                       derivation
            vs backward
        dloss     ()         min 1 mean 1 max 1 ‖·‖₂ 1                                    0
        dlogits   (4×10)     min -0.238675 mean 2.60209e-18 max 0.0494994 ‖·‖₂ 0.48537    <1e-15
        db2       (10)       min -0.173572 mean 6.93889e-18 max 0.149643 ‖·‖₂ 0.422925    <1e-15
        dxW2      (4×10)     min -0.238675 mean 2.60209e-18 max 0.0494994 ‖·‖₂ 0.48537    <1e-15
        dW2       (128×10)   min -0.313522 mean 9.56978e-19 max 0.113544 ‖·‖₂ 1.52122     <1e-14
        dh1       (4×128)    min -0.0667121 mean 0.000967171 max 0.0747351 ‖·‖₂ 0.666007  <1e-13
        dz1       (4×128)    min -0.0566615 mean 3.70412e-05 max 0.0647576 ‖·‖₂ 0.470912  <1e-13
        db1       (128)      min -0.118738 mean 0.000148165 max 0.127736 ‖·‖₂ 0.478351    <1e-14
        dxW1      (4×128)    min -0.0566615 mean 3.70412e-05 max 0.0647576 ‖·‖₂ 0.470912  <1e-13
        dW1       (784×128)  min -0.112573 mean 0.000154658 max 0.137908 ‖·‖₂ 4.39329     <1e-12
  
      Sampled check: 6 entries of each parameter (half the largest gradients, half spread evenly)
        gradient  shape          checked  worst rel. error  entries  status
        dW1       (784×128)  6 of 100352             <1e-7  6 PASS   PASS
        db1       (128)         6 of 128             <1e-7  6 PASS   PASS
        dW2       (128×10)     6 of 1280             <1e-9  6 PASS   PASS
        db2       (10)           6 of 10             <1e-9  6 PASS   PASS
  
      check: 24 entries, worst relative error <1e-7, h = 1e-05: PASS
  
  This is the bridge to full MNIST: `backprop` trains exactly this model, in Float instead of
  Double, on batches of 32 of the 60,000 training images, and every one of its steps computes what
  this lesson printed.
  

Without the MNIST files the lesson says where it looked and how to get them:

  $ backprop lesson 8 --data Transcripts/fixtures
  # 8. The MNIST model on a batch of 4
  
  > The Keras tutorial's model (Flatten → Dense 128 ReLU → Dense 10 softmax) on 4 real MNIST images:
    every shape, sampled values, every gradient, and a sampled gradient check.
  
  Everything so far ran on networks small enough to print every number. The Keras tutorial's MNIST
  model is the same computation at a larger size: a 28×28 image is flattened into 784 numbers, a dense
  layer with ReLU makes 128 hidden values, a second dense layer makes 10 logits, one per digit, and
  softmax with cross-entropy against the true digit gives the loss:
  
      x (4×28×28) → flatten (4×784) → · W1 (784×128) + b1 → relu (4×128)
                  → · W2 (128×10) + b2 → logits (4×10) → cross_entropy with the labels → loss
  
  It has 101,770 parameters. Here it runs on the first four images of the MNIST test set, in Double
  precision, with the same layers, the same initialization (Glorot-uniform weights, zero biases,
  seed 1) and the same ops `backprop` trains with. The files are read from the MNIST folder
  (`--data DIR`, else the `MNIST_DIR` environment variable, else the per-user cache); when they are
  missing the lesson says how to get them (`backprop mnist download`).
  
  Every node of the forward pass, with its shape and a sample of its values, then every gradient:
  its shape, a summary, and how far the explainer's own derivation is from the backward pass. A
  full three-way check of 101,770 weights would take 203,540 forward passes; instead a few entries
  of each parameter are checked: half of them where the gradient is largest, half spread evenly.
  Many entries of `dW1` are exactly 0: the pixels at the border of every image are 0, so the
  weights leaving them get no gradient.
  
  ! backprop: train-images-idx3-ubyte.gz: MNIST file not found; looked in --data Transcripts/fixtures (missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy
  [exit 1]
