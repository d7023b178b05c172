MNIST with the Keras tutorial's program
=============================

The Keras tutorial's whole program, command by command, on the real MNIST
files (the tests find them through MNIST_DIR). The same layers and ops that
the lessons trace by hand do all the work here.

Exploring the data
------------------

`mnist info` is the Keras tutorial's exploration step: it checks the four files
against the canonical checksums, then shows the shapes, the pixel range, the
first labels, how many of each digit there are, the mean and spread of the
pixels once scaled to [0, 1], and the first digit.

  $ backprop mnist info
  MNIST
  checksums:   4 of 4 files match canonical MNIST (SHA-256 of the decompressed bytes)
  shapes:
    train images  (60000, 28, 28) uint8
    train labels  (60000,)        uint8
    test images   (10000, 28, 28) uint8
    test labels   (10000,)        uint8
  pixel range: 0 to 255
  first 10 training labels: 5 0 4 1 9 2 1 3 1 4
  label counts:
    digit    train   test
        0     5923    980
        1     6742   1135
        2     5958   1032
        3     6131   1010
        4     5842    982
        5     5421    892
        6     5918    958
        7     6265   1028
        8     5851    974
        9     5949   1009
    total    60000  10000
  normalized training pixels (x/255): mean 0.1306605  std 0.3081078
  first training image:
  label 5
  ┌────────────────────────────────────────────────────────┐
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                ▒▒▒▒▓▓  ▓▓████▒▒        │
  │                    ░░▓▓▓▓████████████▓▓████▓▓░░        │
  │                ████████████████████░░░░░░░░            │
  │                ████████████▓▓▓▓████                    │
  │                ░░▓▓▒▒██████      ▓▓                    │
  │                      ▓▓██░░                            │
  │                      ▒▒██▓▓                            │
  │                        ▓▓██░░                          │
  │                          ████▓▓▒▒                      │
  │                          ░░██████▒▒                    │
  │                              ▓▓████▒▒                  │
  │                                ░░████▓▓                │
  │                                  ██████░░              │
  │                              ▒▒▓▓██████                │
  │                          ▒▒██████████▓▓                │
  │                      ▒▒██████████▓▓░░                  │
  │                  ░░██████████▓▓░░                      │
  │              ▓▓██████████▓▓░░                          │
  │        ░░▓▓████████████▒▒                              │
  │        ▒▒████████▒▒▒▒                                  │
  │                                                        │
  │                                                        │
  │                                                        │
  └────────────────────────────────────────────────────────┘

`--index N` draws another training image, and `--png FILE` writes the first
`--count` images with their labels as a PNG that any image viewer opens.

  $ backprop mnist info --index 7 --ascii --png out/mnist-first-twenty.png --count 20
  MNIST
  checksums:   4 of 4 files match canonical MNIST (SHA-256 of the decompressed bytes)
  shapes:
    train images  (60000, 28, 28) uint8
    train labels  (60000,)        uint8
    test images   (10000, 28, 28) uint8
    test labels   (10000,)        uint8
  pixel range: 0 to 255
  first 10 training labels: 5 0 4 1 9 2 1 3 1 4
  label counts:
    digit    train   test
        0     5923    980
        1     6742   1135
        2     5958   1032
        3     6131   1010
        4     5842    982
        5     5421    892
        6     5918    958
        7     6265   1028
        8     5851    974
        9     5949   1009
    total    60000  10000
  normalized training pixels (x/255): mean 0.1306605  std 0.3081078
  first training image:
  label 5
  +--------------------------------------------------------+
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                ==++**..**@@@@==        |
  |                ....--****@@@@@@@@@@%%**@@@@##::        |
  |              ..@@@@@@@@@@@@@@@@@@@@------::..          |
  |                %%@@@@@@@@@@####@@@@                    |
  |                --**==@@@@%%    ..**                    |
  |                      **@@--                            |
  |                      ++@@##                            |
  |                        ##@@::                          |
  |                        ..@@%%**==                      |
  |                          --@@@@@@==                    |
  |                            ..##@@@@++..                |
  |                                --@@@@##                |
  |                                  @@@@@@::              |
  |                            ..++##@@@@%%                |
  |                        ..++%%@@@@@@@@##                |
  |                      ==%%@@@@@@@@##--                  |
  |                  ::%%@@@@@@@@##--                      |
  |              **%%@@@@@@@@##--                          |
  |        ::**%%@@@@@@@@@@++                              |
  |        ++@@@@@@%%++++                                  |
  |                                                        |
  |                                                        |
  |                                                        |
  +--------------------------------------------------------+
  training image 7:
  label 3
  +--------------------------------------------------------+
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                      ....==@@@@@@@@@@@@**              |
  |                  ..++%%%%@@@@@@@@@@@@@@@@**            |
  |                  **@@@@@@@@@@@@@@@@@@@@@@@@::          |
  |                  ==@@@@%%++++++++##@@@@@@@@::          |
  |                    ....            %%@@@@**            |
  |                                  --@@@@@@++            |
  |                                --##@@@@@@              |
  |                            --%%@@@@@@@@##              |
  |                  ..==######@@@@@@@@@@--..              |
  |                ..%%@@@@@@@@@@@@@@@@**                  |
  |                ..%%@@@@@@@@@@@@@@@@@@::                |
  |                  ..==::........++@@@@::                |
  |                                  @@@@::                |
  |                                --@@@@::                |
  |              ::              --@@@@@@::                |
  |          ::##@@..          --@@@@@@@@::                |
  |          %%@@@@++++++++++##@@@@@@##--                  |
  |          %%@@@@@@@@@@@@@@@@@@%%++                      |
  |          ..**@@@@@@@@@@%%%%++..                        |
  |              ==@@@@**==                                |
  |                                                        |
  |                                                        |
  |                                                        |
  +--------------------------------------------------------+
  wrote out/mnist-first-twenty.png: the first 20 training images with their labels, 640×176 pixels

Training
--------

`mnist train` runs the Keras tutorial's recipe: Adam at 0.001, batches of 32, the last
20% of the training images held out for validation, a fresh shuffle every
epoch from a fixed seed. The real run takes 10 epochs over 48000 images
(about 97.7% on the test set); here a short run on the first 300 images shows
the output. On a terminal each epoch draws a Keras-like progress bar; piped,
as here, it prints one line per epoch. `--no-timing` leaves out the seconds so
that this transcript reads the same on every machine, and `--test-limit`
evaluates on the first 300 test images only.

  $ backprop mnist train --limit 300 --epochs 2 --test-limit 300 --no-timing --checkpoint \
  > out/mnist-short.safetensors
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 240 images, validating on the last 60; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  epoch 1/2 - loss: 2.0504 - accuracy: 0.3625 - val_loss: 1.7493 - val_accuracy: 0.5500
  epoch 1: val_accuracy improved from -inf to 0.55, saved out/mnist-short.safetensors
  epoch 2/2 - loss: 1.3292 - accuracy: 0.7292 - val_loss: 1.3004 - val_accuracy: 0.7000
  epoch 2: val_accuracy improved from 0.55 to 0.7, saved out/mnist-short.safetensors
  test: loss: 1.513 - accuracy: 0.5667 (300 images)
  best val_accuracy 0.7 at epoch 2, kept in out/mnist-short.safetensors

The checkpoint keeps the best epoch by validation accuracy. `--resume`
continues that run, recipe, optimizer state, shuffling generator and best
accuracy included, up to `--epochs` in all:

  $ backprop mnist train --resume out/mnist-short.safetensors --epochs 3 --test-limit 300 --no-timing
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 240 images, validating on the last 60; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  resuming out/mnist-short.safetensors after epoch 2 of 3 (best val_accuracy 0.7 at epoch 2)
  epoch 3/3 - loss: 0.8627 - accuracy: 0.8458 - val_loss: 1.0027 - val_accuracy: 0.7333
  epoch 3: val_accuracy improved from 0.7 to 0.7333, saved out/mnist-short.safetensors
  test: loss: 1.209 - accuracy: 0.6233 (300 images)
  best val_accuracy 0.7333 at epoch 3, kept in out/mnist-short.safetensors

`--json` prints one summary at the end instead, for programs to read:

  $ backprop mnist train --limit 100 --epochs 1 --batch-size 50 --test-limit 100 --no-timing --json
  {"config":{"model":"mlp","optimizer":"adam","learning_rate":0.001,"batch_size":50,"epochs":1,"validation_split":0.2,"seed":1,"limit":100},"resumed_after_epoch":0,"epochs":[{"epoch":1,"loss":2.363146662712097,"accuracy":0.0875,"val_loss":2.0867278575897217,"val_accuracy":0.3}],"best":{"monitor":"val_accuracy","epoch":1,"value":0.3},"checkpoint":null,"stopped":null,"test":{"loss":2.1997017860412598,"accuracy":0.21,"count":100}}

Evaluating and predicting
-------------------------

`mnist evaluate` runs a checkpoint's model over the test images: the loss,
the accuracy, the confusion matrix and the accuracy on each digit.

  $ backprop mnist evaluate --checkpoint out/mnist-short.safetensors --limit 300
  out/mnist-short.safetensors: mlp after epoch 3 of 3, best val_accuracy 0.7333 at epoch 3
  test: loss: 1.209 - accuracy: 0.6233 (187 of 300 images)
  
  confusion matrix (rows: true digit, columns: predicted digit)
  true   0   1   2   3   4  5   6   7  8   9
  ----  --  --  --  --  --  -  --  --  -  --
     0  24   0   0   0   0  0   0   0  0   0
     1   0  40   0   1   0  0   0   0  0   0
     2   0   3  26   1   0  0   0   0  2   0
     3   2   3   5  14   0  0   0   0  0   0
     4   1   0   0   0  22  0   2   0  0  12
     5   4   1   0  11   4  6   0   1  0   2
     6   3   0   3   0   2  1  15   0  0   0
     7   0   5   1   0   1  0   0  15  1  11
     8   1   1   0   3   2  0   1   0  8   5
     9   0   0   0   2  13  0   0   1  1  17
  
  digit  images  correct  accuracy  most often taken for
  -----  ------  -------  --------  --------------------
      0      24       24         1
      1      41       40    0.9756  3 (1)
      2      32       26    0.8125  1 (3)
      3      24       14    0.5833  2 (5)
      4      37       22    0.5946  9 (12)
      5      29        6    0.2069  3 (11)
      6      24       15     0.625  0 (3)
      7      34       15    0.4412  9 (11)
      8      21        8     0.381  9 (5)
      9      34       17       0.5  4 (13)

`mnist predict` shows one test digit and the model's ten probabilities.

  $ backprop mnist predict --checkpoint out/mnist-short.safetensors --index 0 --ascii
  test image 0, label 7
  +--------------------------------------------------------+
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |                                                        |
  |            --##**++::..                                |
  |            %%@@@@@@@@@@################**::            |
  |            ::==::==**%%@@%%@@@@@@@@%%@@@@++            |
  |                        ::  ::::::::  @@@@==            |
  |                                    --@@%%              |
  |                                    @@@@--              |
  |                                  ++@@@@..              |
  |                                ::@@@@::                |
  |                                ++@@##                  |
  |                                %%@@::                  |
  |                              ==@@##                    |
  |                            ::@@@@::                    |
  |                            %%@@**                      |
  |                          ##@@%%..                      |
  |                        ..@@@@--                        |
  |                      ..%%@@==                          |
  |                      ++@@@@::                          |
  |                    ::@@@@@@::                          |
  |                    ==@@@@%%..                          |
  |                    ==@@%%                              |
  |                                                        |
  +--------------------------------------------------------+
  model mlp after epoch 3 of 3, best val_accuracy 0.7333 at epoch 3, from out/mnist-short.safetensors
  digit  probability
  -----  -----------  -------------------
      0      0.02671  #
      1      0.01395  #
      2      0.01744  #
      3      0.06328  ###
      4      0.04117  ##
      5      0.01873  #
      6     0.008997
      7       0.4757  ###################
      8      0.02926  #
      9       0.3047  ############
  prediction: 7 (probability 0.4757), correct

Checking the gradients
----------------------

`mnist gradcheck` checks the real model's backpropagation exactly as
`backprop gradcheck` checks a network file: on sampled entries of every
weight and bias, in Double, the explainer's derivation, the engine's backward
pass and a central finite difference must agree (PASS below a relative error
of 1e-7).

  $ backprop mnist gradcheck
  Gradient check of mlp in Double, new weights from seed 1, on the first 4 training images
  loss 2.324
  
  gradient  shape          checked  worst rel. error  entries  status
  dW1       (784×128)  5 of 100352             <1e-8  5 PASS   PASS
  db1       (128)         5 of 128             <1e-9  5 PASS   PASS
  dW2       (128×10)     5 of 1280             <1e-7  5 PASS   PASS
  db2       (10)           5 of 10             <1e-9  5 PASS   PASS
  
  check: 20 entries, worst relative error <1e-7, h = 1e-05: PASS

With batch normalization, its scale γ and shift β are checked too (in
training mode, with the batch's own mean and variance; --full lists every
entry checked):

  $ backprop mnist gradcheck --model mlp-bn --samples 3 --full
  Gradient check of mlp-bn in Double, new weights from seed 1, on the first 4 training images
  loss 2.914
  
  gradient  entry       derivation      backward     numeric  rel. error  status
  dW1       [127,0]     -0.0280731    -0.0280731  -0.0280731       <1e-8  PASS
  dW1       [401,48]     -0.187322     -0.187322   -0.187322       <1e-9  PASS
  dW1       [626,28]     -0.975223     -0.975223   -0.975223       <1e-8  PASS
  db1       [0]       -4.85723e-17  -3.46945e-17           0           0  PASS
  db1       [56]          0.750298      0.750298    0.750298       <1e-8  PASS
  db1       [63]      -2.77556e-17  -2.77556e-17           0           0  PASS
  dgamma1   [0]         -0.0648955    -0.0648955  -0.0648955       <1e-9  PASS
  dgamma1   [63]        -0.0652406    -0.0652406  -0.0652406      <1e-10  PASS
  dgamma1   [97]          0.158637      0.158637    0.158637      <1e-10  PASS
  dbeta1    [0]          0.0564286     0.0564286   0.0564286       <1e-9  PASS
  dbeta1    [64]         0.0319563     0.0319563   0.0319563       <1e-8  PASS
  dbeta1    [127]        0.0983101     0.0983101   0.0983101       <1e-9  PASS
  dW2       [0,0]         0.289875      0.289875    0.289875      <1e-11  PASS
  dW2       [63,0]        0.290259      0.290259    0.290259      <1e-10  PASS
  dW2       [105,4]      -0.558365     -0.558365   -0.558365      <1e-10  PASS
  db2       [0]          -0.155797     -0.155797   -0.155797      <1e-10  PASS
  db2       [1]          -0.148194     -0.148194   -0.148194       <1e-9  PASS
  db2       [5]          -0.121983     -0.121983   -0.121983      <1e-10  PASS
  
  gradient  shape          checked  worst rel. error  entries  status
  dW1       (784×128)  3 of 100352             <1e-8  3 PASS   PASS
  db1       (128)         3 of 128             <1e-8  3 PASS   PASS
  dgamma1   (128)         3 of 128             <1e-9  3 PASS   PASS
  dbeta1    (128)         3 of 128             <1e-8  3 PASS   PASS
  dW2       (128×10)     3 of 1280            <1e-10  3 PASS   PASS
  db2       (10)           3 of 10             <1e-9  3 PASS   PASS
  
  check: 18 entries, worst relative error <1e-8, h = 1e-05: PASS

One step, traced
----------------

`mnist trace` records one forward and backward pass of the real model on one
digit with the same trace the lessons print. Large tensors show as their
shape and a summary.

  $ backprop mnist trace --index 0
  Trace of mlp (new weights from seed 1) on training image 0, label 5
  
  Forward pass (12 nodes, in execution order)
  id  name    op             inputs  shape      value
   0  x       input                  (1×28×28)  min 0 mean 0.13768 max 1 ‖·‖₂ 9.5577
   1  x_flat  reshape        0       (1×784)    min 0 mean 0.13768 max 1 ‖·‖₂ 9.5577
   2  W1      parameter              (784×128)  min -0.0811066 mean -0.000162132 max 0.0811071 ‖·‖₂
                                                14.8299
   3  xW1     matmul         1,2     (1×128)    min -0.934197 mean 0.0461059 max 1.25861 ‖·‖₂ 5.33246
   4  b1      parameter              (128)      min 0 mean 0 max 0 ‖·‖₂ 0
   5  z1      add            3,4     (1×128)    min -0.934197 mean 0.0461059 max 1.25861 ‖·‖₂ 5.33246
   6  h1      relu           5       (1×128)    min 0 mean 0.21244 max 1.25861 ‖·‖₂ 4.11031
   7  W2      parameter              (128×10)   min -0.208336 mean 0.00563866 max 0.208182 ‖·‖₂
                                                4.22752
   8  xW2     matmul         6,7     (1×10)     [[-0.434106, -0.146998, -0.31824, 0.66267, 1.00715,
                                                1.07121, -0.312445, 0.612309, 0.465066, 0.0650622]]
   9  b2      parameter              (10)       [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  10  logits  add            8,9     (1×10)     [[-0.434106, -0.146998, -0.31824, 0.66267, 1.00715,
                                                1.07121, -0.312445, 0.612309, 0.465066, 0.0650622]]
  11  loss    cross_entropy  10      ()         1.64155
  loss = 1.64155
  
  Backward pass (10 gradients ∂loss/∂node, in reverse order)
  id  name    shape      gradient
  11  loss    ()         1
  10  logits  (1×10)     [[0.0429863, 0.0572821, 0.048267, 0.128722, 0.18166, -0.806321, 0.0485475,
                         0.1224, 0.105642, 0.0708135]]
   9  b2      (10)       [0.0429863, 0.0572821, 0.048267, 0.128722, 0.18166, -0.806321, 0.0485475,
                         0.1224, 0.105642, 0.0708135]
   8  xW2     (1×10)     [[0.0429863, 0.0572821, 0.048267, 0.128722, 0.18166, -0.806321, 0.0485475,
                         0.1224, 0.105642, 0.0708135]]
   7  W2      (128×10)   min -1.01484 mean 1.24169e-09 max 0.22864 ‖·‖₂ 3.53749
   6  h1      (1×128)    min -0.23835 mean -0.00250623 max 0.200428 ‖·‖₂ 1.16061
   5  z1      (1×128)    min -0.23835 mean -0.00513996 max 0.200428 ‖·‖₂ 0.898018
   4  b1      (128)      min -0.23835 mean -0.00513996 max 0.200428 ‖·‖₂ 0.898018
   3  xW1     (1×128)    min -0.23835 mean -0.00513996 max 0.200428 ‖·‖₂ 0.898018
   2  W1      (784×128)  min -0.23835 mean -0.00070767 max 0.200428 ‖·‖₂ 8.58299

The convolutional network
-------------------------

`--model cnn` trains a small convolutional network on the images as
28×28 grids: conv 3×3 with 16 filters, max-pool 2, conv 3×3 with 32 filters,
max-pool 2, dense 128, dropout 0.5 (while training), dense 10, ReLU after
each convolution and the first dense layer. Each convolution layer pools
before its bias and ReLU (the same function, with a quarter of the
elementwise work; the trace shows it). The recipe is the Keras tutorial's, 10 epochs,
about 99.1% on the test set. Here a very short run (convolutions are slow
in the debug builds the tests use):

  $ backprop mnist train --model cnn --limit 50 --batch-size 10 --epochs 1 --test-limit 20 \
  > --no-timing --checkpoint out/mnist-cnn.safetensors
  cnn: Conv 3×3×16 ReLU → MaxPool 2 → Conv 3×3×32 ReLU → MaxPool 2 → Dense 128 ReLU → Dropout 0.5 →
  Dense 10 softmax, 108618 parameters
  training on 40 images, validating on the last 10; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  10, seed 1
  epoch 1/1 - loss: 2.3325 - accuracy: 0.0750 - val_loss: 2.3400 - val_accuracy: 0.1000
  epoch 1: val_accuracy improved from -inf to 0.1, saved out/mnist-cnn.safetensors
  test: loss: 2.279 - accuracy: 0.2 (20 images)
  best val_accuracy 0.1 at epoch 1, kept in out/mnist-cnn.safetensors

`evaluate`, `predict`, `gradcheck` and `trace` take the CNN as they take the
dense models, from its checkpoint or new from `--model cnn`:

  $ backprop mnist evaluate --checkpoint out/mnist-cnn.safetensors --limit 20
  out/mnist-cnn.safetensors: cnn after epoch 1 of 1, best val_accuracy 0.1 at epoch 1
  test: loss: 2.279 - accuracy: 0.2 (4 of 20 images)
  
  confusion matrix (rows: true digit, columns: predicted digit)
  true  0  1  2  3  4  5  6  7  8  9
  ----  -  -  -  -  -  -  -  -  -  -
     0  3  0  0  0  0  0  0  0  0  0
     1  0  0  3  0  0  0  0  0  0  0
     2  0  0  1  0  0  0  0  0  0  0
     3  0  0  1  0  0  0  0  0  0  0
     4  0  0  1  0  0  0  0  2  0  0
     5  0  0  2  0  0  0  0  0  0  0
     6  0  0  1  0  0  0  0  0  0  0
     7  0  0  2  0  0  0  0  0  0  0
     8  0  0  0  0  0  0  0  0  0  0
     9  0  0  1  1  0  0  0  2  0  0
  
  digit  images  correct  accuracy  most often taken for
  -----  ------  -------  --------  --------------------
      0       3        3         1
      1       3        0         0  2 (3)
      2       1        1         1
      3       1        0         0  2 (1)
      4       3        0         0  7 (2)
      5       2        0         0  2 (2)
      6       1        0         0  2 (1)
      7       2        0         0  2 (2)
      8       0        0         -
      9       4        0         0  7 (2)

  $ backprop mnist predict --checkpoint out/mnist-cnn.safetensors --index 0
  test image 0, label 7
  ┌────────────────────────────────────────────────────────┐
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │            ░░▓▓▓▓▒▒░░                                  │
  │            ████████████▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░            │
  │            ░░▒▒░░▒▒▓▓████████████████████▒▒            │
  │                        ░░  ░░░░░░░░  ████▒▒            │
  │                                    ░░████              │
  │                                    ████░░              │
  │                                  ▒▒████                │
  │                                ░░████░░                │
  │                                ▒▒██▓▓                  │
  │                                ████░░                  │
  │                              ▒▒██▓▓                    │
  │                            ░░████░░                    │
  │                            ████▓▓                      │
  │                          ▓▓████                        │
  │                          ████░░                        │
  │                        ████▒▒                          │
  │                      ▒▒████░░                          │
  │                    ░░██████░░                          │
  │                    ▒▒██████                            │
  │                    ▒▒████                              │
  │                                                        │
  └────────────────────────────────────────────────────────┘
  model cnn after epoch 1 of 1, best val_accuracy 0.1 at epoch 1, from out/mnist-cnn.safetensors
  digit  probability
  -----  -----------  -----
      0       0.1126  █████
      1      0.09334  ████
      2       0.1156  █████
      3      0.09512  ████
      4      0.09349  ████
      5      0.08851  ████
      6       0.1012  ████
      7       0.1103  ████
      8      0.08347  ███
      9       0.1063  ████
  prediction: 2 (probability 0.1156), wrong: the label is 7

`mnist gradcheck --model cnn` (or `--checkpoint` of a CNN) samples the
kernels too. It is not recorded here: its relative errors, around 1e-10,
print as orders of magnitude that differ in their last step between a debug
and a release build (sums of 16 lanes are added in another order), while the
verdict does not; the release end-to-end tests check it. Checked on new
weights, every entry of a convolution's bias is a KINK: new biases are 0, and
a window of the blank border convolves to exactly 0, so those ReLU inputs sit
exactly at the kink. From a trained checkpoint they pass like the rest.

  $ backprop mnist trace --model cnn --index 0
  Trace of cnn (new weights from seed 1) on training image 0, label 5
  
  Forward pass (25 nodes, in execution order)
  id  name     op             inputs  shape         value
   0  x        input                  (1×28×28)     min 0 mean 0.13768 max 1 ‖·‖₂ 9.5577
   1  x_image  reshape        0       (1×28×28×1)   min 0 mean 0.13768 max 1 ‖·‖₂ 9.5577
   2  K1       parameter              (3×3×1×16)    min -0.19368 mean 0.00550097 max 0.197903 ‖·‖₂
                                                    1.3691
   3  conv1    conv2d         1,2     (1×26×26×16)  min -0.814958 mean 0.00790537 max 0.767728 ‖·‖₂
                                                    14.7894
   4  pool1    maxpool2d      3       (1×13×13×16)  min -0.695978 mean 0.0455673 max 0.767728 ‖·‖₂
                                                    8.09664
   5  c1       parameter              (16)          [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
   6  u1       add            4,5     (1×13×13×16)  min -0.695978 mean 0.0455673 max 0.767728 ‖·‖₂
                                                    8.09664
   7  a1       relu           6       (1×13×13×16)  min 0 mean 0.0588221 max 0.767728 ‖·‖₂ 7.49586
   8  K2       parameter              (3×3×16×32)   min -0.117843 mean 9.04587e-05 max 0.11768 ‖·‖₂
                                                    4.64484
   9  conv2    conv2d         7,8     (1×11×11×32)  min -0.634264 mean -0.0169979 max 0.539781 ‖·‖₂
                                                    8.29355
  10  pool2    maxpool2d      9       (1×5×5×32)    min -0.485852 mean 0.0463666 max 0.539781 ‖·‖₂
                                                    3.76011
  11  c2       parameter              (32)          min 0 mean 0 max 0 ‖·‖₂ 0
  12  u2       add            10,11   (1×5×5×32)    min -0.485852 mean 0.0463666 max 0.539781 ‖·‖₂
                                                    3.76011
  13  a2       relu           12      (1×5×5×32)    min 0 mean 0.0689565 max 0.539781 ‖·‖₂ 3.37235
  14  x_flat   reshape        13      (1×800)       min 0 mean 0.0689565 max 0.539781 ‖·‖₂ 3.37235
  15  W3       parameter              (800×128)     min -0.0804049 mean -0.000131233 max 0.0804049
                                                    ‖·‖₂ 14.8542
  16  xW3      matmul         14,15   (1×128)       min -0.430827 mean -0.0264237 max 0.321212 ‖·‖₂
                                                    1.68368
  17  b3       parameter              (128)         min 0 mean 0 max 0 ‖·‖₂ 0
  18  z3       add            16,17   (1×128)       min -0.430827 mean -0.0264237 max 0.321212 ‖·‖₂
                                                    1.68368
  19  h3       relu           18      (1×128)       min 0 mean 0.0442726 max 0.321212 ‖·‖₂ 0.944645
  20  W4       parameter              (128×10)      min -0.20823 mean -0.000198987 max 0.208233 ‖·‖₂
                                                    4.35451
  21  xW4      matmul         19,20   (1×10)        [[-0.0630791, 0.0151234, 0.1658, -0.19358,
                                                    0.0377581, 0.0748148, 0.0723968, -0.0406041,
                                                    0.0678401, 0.0391979]]
  22  b4       parameter              (10)          [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  23  logits   add            21,22   (1×10)        [[-0.0630791, 0.0151234, 0.1658, -0.19358,
                                                    0.0377581, 0.0748148, 0.0723968, -0.0406041,
                                                    0.0678401, 0.0391979]]
  24  loss     cross_entropy  23      ()            2.24954
  loss = 2.24954
  
  Backward pass (23 gradients ∂loss/∂node, in reverse order)
  id  name     shape         gradient
  24  loss     ()            1
  23  logits   (1×10)        [[0.0918652, 0.0993377, 0.115492, 0.080626, 0.101612, -0.894552,
                             0.105193, 0.0939533, 0.104715, 0.101758]]
  22  b4       (10)          [0.0918652, 0.0993377, 0.115492, 0.080626, 0.101612, -0.894552, 0.105193,
                             0.0939533, 0.104715, 0.101758]
  21  xW4      (1×10)        [[0.0918652, 0.0993377, 0.115492, 0.080626, 0.101612, -0.894552,
                             0.105193, 0.0939533, 0.104715, 0.101758]]
  20  W4       (128×10)      min -0.287341 mean 1.94962e-10 max 0.0370974 ‖·‖₂ 0.89113
  19  h3       (1×128)       min -0.242519 mean 0.00750299 max 0.228438 ‖·‖₂ 1.28597
  18  z3       (1×128)       min -0.242519 mean -0.00245066 max 0.201741 ‖·‖₂ 0.804001
  17  b3       (128)         min -0.242519 mean -0.00245066 max 0.201741 ‖·‖₂ 0.804001
  16  xW3      (1×128)       min -0.242519 mean -0.00245066 max 0.201741 ‖·‖₂ 0.804001
  15  W3       (800×128)     min -0.130907 mean -0.000168989 max 0.108896 ‖·‖₂ 2.71137
  14  x_flat   (1×800)       min -0.150089 mean -0.000974965 max 0.108852 ‖·‖₂ 1.0768
  13  a2       (1×5×5×32)    min -0.150089 mean -0.000974965 max 0.108852 ‖·‖₂ 1.0768
  12  u2       (1×5×5×32)    min -0.150089 mean -0.000794695 max 0.108852 ‖·‖₂ 0.866022
  11  c2       (32)          min -0.333453 mean -0.0198674 max 0.26269 ‖·‖₂ 0.99831
  10  pool2    (1×5×5×32)    min -0.150089 mean -0.000794695 max 0.108852 ‖·‖₂ 0.866022
   9  conv2    (1×11×11×32)  min -0.150089 mean -0.000164193 max 0.108852 ‖·‖₂ 0.866022
   8  K2       (3×3×16×32)   min -0.224313 mean -0.00211458 max 0.185623 ‖·‖₂ 2.22761
   7  a1       (1×13×13×16)  min -0.0541072 mean 0.00016902 max 0.0566915 ‖·‖₂ 0.715371
   6  u1       (1×13×13×16)  min -0.0507806 mean 0.000193713 max 0.0566915 ‖·‖₂ 0.485963
   5  c1       (16)          [0.105167, 0.0812668, -0.0398197, -0.09041, -0.0249392, 0.0986044,
                             0.0511174, 0.0663312, 0.00975103, 0.112248, 0.0598375, -0.147118,
                             0.203857, -0.041302, 0.141766, -0.0625568]
   4  pool1    (1×13×13×16)  min -0.0507806 mean 0.000193713 max 0.0566915 ‖·‖₂ 0.485963
   3  conv1    (1×26×26×16)  min -0.0507806 mean 4.84283e-05 max 0.0566915 ‖·‖₂ 0.485963
   2  K1       (3×3×1×16)    min -0.284607 mean 0.012472 max 0.232662 ‖·‖₂ 0.993334
