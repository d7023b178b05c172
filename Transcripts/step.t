Taking an optimizer step from the command line
==============================================

`backprop step` runs a network forward and backward, applies an update rule
to every parameter and prints every entry before and after, with the loss
before and after: a step worked out by hand can be checked number by number.
The file itself is not changed.

One step of gradient descent with learning rate 0.5 on the 2-2-2 sigmoid
network, the classic hand-worked example, with 9 significant digits:

  $ backprop step Lessons/two-layer-sigmoid.net --lr 0.5 --digits 9
  One SGD step on Lessons/two-layer-sigmoid.net, η = 0.5:
    θ ← θ − η·dθ
  
   step  loss before
  -----  -----------
      1  0.298371109
  after  0.280471447
  
  entry    before        gradient        after
  -------  ------  --------------  -----------
  W1[0,0]    0.15  0.000438567734  0.149780716
  W1[0,1]    0.25  0.000497712735  0.249751144
  W1[1,0]     0.2  0.000877135469  0.199561432
  W1[1,1]     0.3  0.000995425471  0.299502287
  b1[0]      0.35   0.00877135469  0.345614323
  b1[1]      0.35   0.00995425471  0.345022873
  W2[0,0]     0.4    0.0821670406   0.35891648
  W2[0,1]     0.5   -0.0226025405   0.51130127
  W2[1,0]    0.45    0.0826676278  0.408666186
  W2[1,1]    0.55   -0.0227402422  0.561370121
  b2[0]       0.6     0.138498562  0.530750719
  b2[1]       0.6   -0.0380982365  0.619049118

The weights' gradients are the hand-worked example's (`W2[0,0]` 0.0821670406).
Its loss after the step, 0.291027924, is lower than here because it updates
only the weights; here the biases are parameters and move too.

A lesson's number or name works too. Several steps print the loss before each
one; the gradient shown is the one of the first step:

  $ backprop step 1 --lr 0.1 --steps 3
  3 SGD steps on Lessons/01-one-neuron.md, η = 0.1:
    θ ← θ − η·dθ
  
   step  loss before
  -----  -----------
      1         0.36
      2       0.0441
      3   0.00540225
  after  0.000661776
  
  entry   before  gradient at step 1  after 3 steps
  ------  ------  ------------------  -------------
  w[0,0]     0.8                -1.8        1.06505
  b[0]       0.2                -1.2         0.3767

Momentum and Adam keep state between steps, which starts at 0. Adam's first
step moves every parameter by about η whatever the size of its gradient:

  $ backprop step 1 --optimizer momentum --lr 0.1 --steps 2
  2 momentum steps on Lessons/01-one-neuron.md, η = 0.1:
    v ← μ·v − η·dθ;  θ ← θ + v
    μ = 0.9; v starts at 0
  
   step  loss before
  -----  -----------
      1         0.36
      2       0.0441
  after    0.0770062
  
  entry   before  gradient at step 1  after 2 steps
  ------  ------  ------------------  -------------
  w[0,0]     0.8                -1.8          1.205
  b[0]       0.2                -1.2           0.47

With momentum the loss goes up at the second step: the velocity carries `w`
and `b` past the best line.

  $ backprop step 1 --optimizer adam --lr 0.1
  One Adam step on Lessons/01-one-neuron.md, η = 0.1:
    m ← β1·m + (1 − β1)·dθ;  v ← β2·v + (1 − β2)·dθ²;  θ ← θ − η·m̂/(√(v̂) + ε̂)
    m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), ε̂ = ε/√(1 − β2ᵗ) at step t
    β1 = 0.9, β2 = 0.999, ε = 1e-07; m and v start at 0
  
   step  loss before
  -----  -----------
      1         0.36
  after       0.1225
  
  entry   before  gradient  after
  ------  ------  --------  -----
  w[0,0]     0.8      -1.8    0.9
  b[0]       0.2      -1.2    0.3

Mistakes are one line each:

  $ backprop step Lessons/two-layer-sigmoid.net --lr 0
  ! backprop: --lr expects a number > 0, got '0'
  ! Run 'backprop step --help' for usage.
  [exit 1]

  $ backprop step 8
  ! backprop: lesson 8 (mnist-batch) has no network block: its steps are Swift programs; run it with 'backprop lesson 8'
  [exit 1]
