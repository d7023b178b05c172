Exercises: derive the gradients yourself
========================================

The lessons show every gradient; the exercises ask for them. `backprop exercise` lists the
exercises built into the tool:

  $ backprop exercise
   1  one-neuron             y = w·x + b with a squared error: derive dy, dw and db yourself, and let
                             the tool check them.
   2  two-layer-sigmoid      Two sigmoid layers and a squared error, the classic worked example:
                             derive all eight gradients, from the output back to W1.
   3  softmax-cross-entropy  Cross-entropy of the softmax of logits: derive dlogits = (p − y)/N, then
                             dW and db.
   4  mnist-mlp              Every gradient of a ReLU MLP on a batch of 4 real MNIST test images, from
                             the loss back: dprobs, dlogits, dW2, db2, dh, dz1, dW1, db1.
   5  batch-norm             Batch normalization written out step by step: derive dy, dβ, dγ, then dx
                             in the compact form in one line.
   6  convolution-pooling    A 2×2 kernel over a 5×5 image, then a 2×2 max-pool: derive the pool's
                             gradient routed to each window's maximum, and the kernel's gradient as a
                             correlation.
  
  Print one with 'backprop exercise N' (or its name).

An exercise prints its task: the network, its forward pass with the numbers, and the gradients
to derive, from the loss back, with their shapes:

  $ backprop exercise 2
  # Exercise 2. The 2-2-2 sigmoid network
  
  > Two sigmoid layers and a squared error, the classic worked example: derive all eight gradients,
  from the output back to W1.
  
  The network of lesson 2 (Matt Mazur's worked example): two inputs, a hidden layer of two sigmoid
  units, two sigmoid outputs, and half the squared error against the targets.
  
      input  x = [[0.05, 0.10]]
      target t = [[0.01, 0.99]]
      param  W1 = [[0.15, 0.25], [0.20, 0.30]]
      param  b1 = [0.35, 0.35]
      param  W2 = [[0.40, 0.50], [0.45, 0.55]]
      param  b2 = [0.60, 0.60]
  
      z1 = x @ W1 + b1
      h  = sigmoid(z1)
      z2 = h @ W2 + b2
      o  = sigmoid(z2)
      loss = 0.5 * sum((o - t) ^ 2)
  
  Forward, with the numbers:
  
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
      o - t = o − t = [[0.741365, -0.217072]]
      (o - t) ^ 2 = [[0.549622, 0.0471201]]
      sum((o - t) ^ 2) = 0.596742
      loss = 0.5 · sum((o - t) ^ 2) = 0.298371
  
  Derive, from the loss back: `do`, `dz2`, `dW2`, `db2`, `dh`, `dz1`, `dW1`, `db1`. Each step uses
  the gradient just before it (`dz2` from your `do`, `dW2` and `dh` from your `dz2`), as
  backpropagation does. Mind the shapes: a gradient has the shape of its value.
  
  The gradients to derive, in this order:
    do   (1×2)
    dz2  (1×2)
    dW2  (2×2)
    db2  (2)
    dh   (1×2)
    dz1  (1×2)
    dW1  (2×2)
    db1  (2)
  
  Start with 'backprop exercise 2 --start FILE', fill in FILE, then 'backprop exercise 2 --check
  FILE'.

`--start FILE` writes a file to fill in: the network, then one `grad NAME = ?` line per
gradient (`--force` replaces the file if it exists, as it does when this transcript runs again):

  $ backprop exercise 2 --start out/exercise-2.net --force
  wrote out/exercise-2.net: the network of exercise 2 and 8 gradients to fill in
  replace each ? of its 'grad' lines, then: backprop exercise 2 --check out/exercise-2.net

Without `--force`, a file that exists is kept, answers and all:

  $ backprop exercise 2 --start Transcripts/fixtures/exercise/02-right.net
  ! backprop: Transcripts/fixtures/exercise/02-right.net exists; give --force to replace it (your answers in it would be lost)
  [exit 1]

Hints
-----

`--hint` gives a hint for the first gradient not solved yet, in the exercise's order. For a
gradient still `?` it says where to start; `--stronger` says more:

  $ backprop exercise 2 --hint --check out/exercise-2.net
  Hint for do (the 1st of 8; not answered yet):
    loss = ½·Σ (o − t)²: the ½ cancels the 2 of the square.
  A stronger hint: backprop exercise 2 --hint --stronger --check out/exercise-2.net

  $ backprop exercise 2 --hint --stronger --check out/exercise-2.net
  Hint for do (the 1st of 8; not answered yet):
    loss = ½·Σ (o − t)²: the ½ cancels the 2 of the square.
    do = o − t.

A learner's answer with the first four gradients filled in, `dW2` with the product the wrong
way round (Transcripts/fixtures/exercise/02-wrong-transpose.net). The check says which are
right, which entries of `dW2` are off, and which local step broke; the hint for `dW2` now starts
with what the checker found:

  $ backprop exercise 2 --check Transcripts/fixtures/exercise/02-wrong-transpose.net
  Stated gradients of Transcripts/fixtures/exercise/02-wrong-transpose.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  exact
    db2  (2)    exact
    dW2  (2×2)  WRONG (max diff 0.11, 2 of 4 entries)
    dh   (1×2)  not answered
    dz1  (1×2)  not answered
    db1  (2)    not answered
    dW1  (2×2)  not answered
  
  dW2, the entries furthest off:
    entry         stated    backward     numeric
    dW2[0,1]   0.0826676  -0.0226025  -0.0226025
    dW2[1,0]  -0.0226025   0.0826676   0.0826676
  
  Hint: dz2 is right, but dW2 is not: dW2 holds the values of its transpose: transpose? (W2 is square,
        so the shape does not show it)
  
  For a hint: backprop exercise 2 --hint --check Transcripts/fixtures/exercise/02-wrong-transpose.net
  ! backprop: 5 of the 8 gradients of exercise 2 are not right yet: dW2 (wrong), dh (not answered), dz1 (not answered), dW1 (not answered), db1 (not answered)
  [exit 1]

  $ backprop exercise 2 --hint --check Transcripts/fixtures/exercise/02-wrong-transpose.net
  Hint for dW2 (the 3rd of 8; your answer is wrong):
    dz2 is right, but dW2 is not: dW2 holds the values of its transpose: transpose? (W2 is square, so
        the shape does not show it)
    z2 = h @ W2: which product of h and dz2 has the shape of W2, (2×2)?
  A stronger hint: backprop exercise 2 --hint --stronger --check
    Transcripts/fixtures/exercise/02-wrong-transpose.net

A right answer
--------------

Every gradient filled in (`dW2` written as `matmul(transpose(h), dz2)`, another spelling of
`transpose(h) @ dz2`): all exact, exit code 0.

  $ backprop exercise 2 --check Transcripts/fixtures/exercise/02-right.net
  Stated gradients of Transcripts/fixtures/exercise/02-right.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  exact
    db2  (2)    exact
    dW2  (2×2)  exact
    dh   (1×2)  exact
    dz1  (1×2)  exact
    db1  (2)    exact
    dW1  (2×2)  exact
  
  All 8 stated gradients are right.
  
  Exercise 2 solved: every gradient is right.

The worked solution
-------------------

`--solution` gives the reasoning, every step of backpropagation with its numbers, and the
answer, checked:

  $ backprop exercise 1 --solution
  # Exercise 1. One neuron: a solution
  
  The loss is a sum of squares, so each entry of `y` gets `2·(y − t)`; `y = x·w + b` passes that
  on multiplied by `x` to `w` and unchanged to `b`:
  
  The network:
  
      input  x = [[1.5]]
      target t = [[2.0]]
      param  w = [[0.8]]
      param  b = [0.2]
  
      y    = x * w + b
      loss = sum((y - t) ^ 2)
  
  Every step of backpropagation, from the loss back, with the numbers:
  
      dloss = ∂loss/∂loss = 1   (backward starts here)
  
      d((y - t) ^ 2) = ∂loss/∂((y - t) ^ 2)   ((y - t) ^ 2 is an input of loss itself)
        local ∂loss/∂((y - t) ^ 2), from sum: ∂(Σ xᵢ)/∂xⱼ = 1: every summed element receives the
            upstream gradient
        d((y - t) ^ 2) = broadcast(dloss)
                       = broadcast(1)
                       = [[1]]
  
      d(y - t) = ∂loss/∂(y - t) = d((y - t) ^ 2) · ∂((y - t) ^ 2)/∂(y - t)
        local ∂((y - t) ^ 2)/∂(y - t), from pow: ∂(xᶜ)/∂x = c·xᶜ⁻¹
        d(y - t) = d((y - t) ^ 2) ⊙ 2 ⊙ (y - t)^1
                 = 1 ⊙ 2 ⊙ (-0.6)^1
                 = [[-1.2]]
  
      dy = ∂loss/∂y = d(y - t) · ∂(y - t)/∂y
        local ∂(y - t)/∂y, from subtract: ∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1
        dy = d(y - t)
           = [[-1.2]]
  
      d(x * w) = ∂loss/∂(x * w) = dy · ∂y/∂(x * w)
        local ∂y/∂(x * w), from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a
            bias) collects the sum of their gradients
        d(x * w) = dy
                 = [[-1.2]]
  
      db = ∂loss/∂b = dy · ∂y/∂b
        local ∂y/∂b, from add: ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1; a row added to every row (a bias)
            collects the sum of their gradients
        db = sum(dy)
           = sum((-1.2))
           = [-1.2]
  
      dw = ∂loss/∂w = d(x * w) · ∂(x * w)/∂w
        unrolled, the local steps from the loss down to w multiply into its whole chain:
        ∂loss/∂w = ∂loss/∂((y - t) ^ 2) · ∂((y - t) ^ 2)/∂(y - t) · ∂(y - t)/∂y · ∂y/∂(x * w)
                 · ∂(x * w)/∂w
        local ∂(x * w)/∂w, from multiply: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
        dw = d(x * w) ⊙ x
           = (-1.2) ⊙ 1.5
           = [[-1.8]]
  
  The answer, one line per gradient, checked:
  
      grad y = 2 * (y - t)
      grad w = x * dy
      grad b = dy
  
    dy  (1×1)  exact
    db  (1)    exact
    dw  (1×1)  exact
  
  All 3 stated gradients are right.

A file that does not hold the exercise's network is refused:

  $ backprop exercise 1 --check Transcripts/fixtures/exercise/02-right.net
  ! backprop: Transcripts/fixtures/exercise/02-right.net does not hold the network of exercise 1 (its loss is 0.298371, the exercise's 0.36); start from 'backprop exercise 1 --start FILE'
  [exit 1]
