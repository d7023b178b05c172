// Generated from Lessons/exercises/*.md by `BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests`; do not edit.
enum EmbeddedExercises {
    static let files: [(fileName: String, text: String)] = [
        (
            "01-one-neuron.md",
            #"""
# Exercise 1. One neuron

> y = w·x + b with a squared error: derive dy, dw and db yourself, and let the tool check them.

The neuron of lesson 1 again, but this time you derive its gradients. It multiplies its input by
a weight, adds a bias, and is scored by the squared error against a target:

```network
input  x = [[1.5]]
target t = [[2.0]]
param  w = [[0.8]]
param  b = [0.2]

y    = x * w + b
loss = sum((y - t) ^ 2)
```

Forward, with the numbers:

```run
forward
```

Derive the gradient of the loss with respect to `y`, then `w`, then `b`. Write each as a formula
in the language of network files: `grad y = …` may use every value above by name (`x`, `y`,
`t`…), and `grad w = …` may use your `dy`. `backprop exercise 1 --start FILE` writes a file to
fill in; `backprop exercise 1 --check FILE` checks it.

## Hints

```hints
y: loss = sum((y − t)²): the derivative of (y − t)² with respect to y, entry by entry (the sum passes it on unchanged).
y: d/dy (y − t)² = 2·(y − t): write it with the names of the file.
w: y = x·w + b: how much does y move when w moves by a little? Then the chain rule: dw = dy · ∂y/∂w.
w: ∂y/∂w = x, so dw = x ⊙ dy.
b: y = x·w + b: the local derivative ∂y/∂b is 1.
b: db = dy ⊙ 1: the bias takes the upstream gradient as it is.
```

## Solution

The loss is a sum of squares, so each entry of `y` gets `2·(y − t)`; `y = x·w + b` passes that
on multiplied by `x` to `w` and unchanged to `b`:

```solution
grad y = 2 * (y - t)
grad w = x * dy
grad b = dy
```

"""#
        ),
        (
            "02-two-layer-sigmoid.md",
            #"""
# Exercise 2. The 2-2-2 sigmoid network

> Two sigmoid layers and a squared error, the classic worked example: derive all eight gradients, from the output back to W1.

The network of lesson 2 (Matt Mazur's worked example): two inputs, a hidden layer of two sigmoid
units, two sigmoid outputs, and half the squared error against the targets.

```network
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
```

Forward, with the numbers:

```run
forward
```

Derive, from the loss back: `do`, `dz2`, `dW2`, `db2`, `dh`, `dz1`, `dW1`, `db1`. Each step uses
the gradient just before it (`dz2` from your `do`, `dW2` and `dh` from your `dz2`), as
backpropagation does. Mind the shapes: a gradient has the shape of its value.

## Hints

```hints
o: loss = ½·Σ (o − t)²: the ½ cancels the 2 of the square.
o: do = o − t.
z2: o = σ(z2), and σ'(z) = σ(z)·(1 − σ(z)); σ(z2) is o itself.
z2: dz2 = do ⊙ o ⊙ (1 − o), entry by entry.
W2: z2 = h @ W2: which product of h and dz2 has the shape of W2, (2×2)?
W2: dW2 = hᵀ @ dz2 (transpose(h) @ dz2).
b2: b2 was added to every row of h @ W2: its gradient collects dz2 down the rows.
b2: db2 = sum(dz2, axis=0).
h: z2 = h @ W2: which product of dz2 and W2 has the shape of h, (1×2)?
h: dh = dz2 @ W2ᵀ (dz2 @ transpose(W2)).
z1: h = σ(z1): the same step as dz2, one layer down.
z1: dz1 = dh ⊙ h ⊙ (1 − h).
W1: z1 = x @ W1: as dW2, one layer down.
W1: dW1 = xᵀ @ dz1.
b1: as db2, one layer down.
b1: db1 = sum(dz1, axis=0).
```

## Solution

Each layer is the same three steps: through the sigmoid (its derivative `σ·(1 − σ)` is written
with its own output), then to the weights (`inputᵀ @ dz`, which has the weights' shape), to the
bias (summed down the rows), and to the layer's input (`dz @ Wᵀ`).

```solution
grad o  = o - t
grad z2 = do * o * (1 - o)
grad W2 = transpose(h) @ dz2
grad b2 = sum(dz2, axis=0)
grad h  = dz2 @ transpose(W2)
grad z1 = dh * h * (1 - h)
grad W1 = transpose(x) @ dz1
grad b1 = sum(dz1, axis=0)
```

"""#
        ),
        (
            "03-softmax-cross-entropy.md",
            #"""
# Exercise 3. Softmax with cross-entropy

> Cross-entropy of the softmax of logits: derive dlogits = (p − y)/N, then dW and db.

A linear layer gives 3 class scores (logits) for each of 2 samples; the loss is the softmax
cross-entropy with the labels, averaged over the batch. `Y` holds the same labels one-hot, for
your formulas (`cross_entropy` takes them as `y`).

```network
input  x = [[0.5, -1.0], [1.5, 0.3]]
labels y = [2, 0]
target Y = [[0, 0, 1], [1, 0, 0]]
param  W = [[0.2, -0.3, 0.1], [0.4, 0.1, -0.2]]
param  b = [0.0, 0.1, -0.1]

logits = x @ W + b
loss   = cross_entropy(logits, y)
```

Forward, with the numbers:

```run
forward
```

Derive `dlogits`, then `dW` and `db`. The softmax and the logarithm of the cross-entropy
together have a gradient much simpler than either alone: work it out for one row first.

## Hints

```hints
logits: for one row, L = −log pₖ with p = softmax(z) and k the label: ∂L/∂zⱼ = pⱼ − [j = k]. Then the mean over the batch.
logits: dlogits = (softmax(logits) − Y) / 2: p − y, divided by the batch size.
W: logits = x @ W: which product of x and dlogits has the shape of W, (2×3)?
W: dW = xᵀ @ dlogits.
b: b was added to every row: its gradient collects dlogits down the rows.
b: db = sum(dlogits, axis=0).
```

## Solution

For one row, `L = −log pₖ = −zₖ + log Σⱼ exp zⱼ`, so `∂L/∂zⱼ = pⱼ − [j = k]`: the probabilities
minus the one-hot labels. The loss is the mean over the 2 rows, which divides every row's
gradient by 2.

```solution
grad logits = (softmax(logits) - Y) / 2
grad W      = transpose(x) @ dlogits
grad b      = sum(dlogits, axis=0)
```

"""#
        ),
        (
            "04-mnist-mlp.md",
            #"""
# Exercise 4. A two-layer MLP on 4 MNIST digits

> Every gradient of a ReLU MLP on a batch of 4 real MNIST test images, from the loss back: dprobs, dlogits, dW2, db2, dh, dz1, dW1, db1.

The backprop exercise of Karpathy's makemore series, on MNIST: the first 4 images of the MNIST
test set (the digits 7, 2, 1, 0; each a row of 784 pixel values from 0 to 255, 28 to a line, so
the digit shows), a hidden layer of 16 ReLU units, 10 logits, their softmax, and the mean
cross-entropy over the batch written out by hand.

```network
input pixels = [[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,84,185,159,151,60,36,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,222,254,254,254,254,241,198,198,198,198,198,198,198,198,170,52,0,0,0,0,0,0,
                  0,0,0,0,0,0,67,114,72,114,163,227,254,225,254,254,254,250,229,254,254,140,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,17,66,14,67,67,67,59,21,236,254,106,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,83,253,209,18,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,22,233,255,83,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,129,254,238,44,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,59,249,254,62,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,133,254,187,5,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,9,205,248,58,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,126,254,182,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,75,251,240,57,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,19,221,254,166,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,3,203,254,219,35,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,38,254,254,77,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,31,224,254,115,1,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,133,254,254,52,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,61,242,254,254,52,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,121,254,254,219,40,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,121,254,207,18,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
                 [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,116,125,171,255,255,150,93,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,169,253,253,253,253,253,253,218,30,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,169,253,253,253,213,142,176,253,253,122,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,52,250,253,210,32,12,0,6,206,253,140,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,77,251,210,25,0,0,0,122,248,253,65,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,31,18,0,0,0,0,209,253,253,65,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,117,247,253,198,10,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,76,247,253,231,63,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,128,253,253,144,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,176,246,253,159,12,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,25,234,253,233,35,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,198,253,253,141,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,78,248,253,189,12,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,19,200,253,253,141,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,134,253,253,173,12,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,248,253,253,25,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,248,253,253,43,20,20,20,20,5,0,5,20,20,37,150,150,150,147,10,0,
                  0,0,0,0,0,0,0,0,248,253,253,253,253,253,253,253,168,143,166,253,253,253,253,253,253,253,123,0,
                  0,0,0,0,0,0,0,0,174,253,253,253,253,253,253,253,253,253,253,253,249,247,247,169,117,117,57,0,
                  0,0,0,0,0,0,0,0,0,118,123,123,123,166,253,253,253,155,123,123,41,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
                 [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,38,254,109,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,87,252,82,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,135,241,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,45,244,150,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,84,254,63,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,202,223,11,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,32,254,216,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,95,254,195,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,140,254,77,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,57,237,205,8,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,124,255,165,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,171,254,81,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,24,232,215,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,120,254,159,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,151,254,142,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,228,254,66,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,61,251,254,66,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,141,254,205,3,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,10,215,254,121,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,5,198,176,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],
                 [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,11,150,253,202,31,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,37,251,251,253,107,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,21,197,251,251,253,107,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,110,190,251,251,251,253,169,109,62,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,253,251,251,251,251,253,251,251,220,51,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,182,255,253,253,253,253,234,222,253,253,253,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,63,221,253,251,251,251,147,77,62,128,251,251,105,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,32,231,251,253,251,220,137,10,0,0,31,230,251,243,113,5,0,0,0,0,0,
                  0,0,0,0,0,0,0,37,251,251,253,188,20,0,0,0,0,0,109,251,253,251,35,0,0,0,0,0,
                  0,0,0,0,0,0,0,37,251,251,201,30,0,0,0,0,0,0,31,200,253,251,35,0,0,0,0,0,
                  0,0,0,0,0,0,0,37,253,253,0,0,0,0,0,0,0,0,32,202,255,253,164,0,0,0,0,0,
                  0,0,0,0,0,0,0,140,251,251,0,0,0,0,0,0,0,0,109,251,253,251,35,0,0,0,0,0,
                  0,0,0,0,0,0,0,217,251,251,0,0,0,0,0,0,21,63,231,251,253,230,30,0,0,0,0,0,
                  0,0,0,0,0,0,0,217,251,251,0,0,0,0,0,0,144,251,251,251,221,61,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,217,251,251,0,0,0,0,0,182,221,251,251,251,180,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,218,253,253,73,73,228,253,253,255,253,253,253,253,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,113,251,251,253,251,251,251,251,253,251,251,251,147,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,31,230,251,253,251,251,251,251,253,230,189,35,10,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,62,142,253,251,251,251,251,253,107,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,72,174,251,173,71,72,30,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]]
target Y = [[0, 0, 0, 0, 0, 0, 0, 1, 0, 0],     # the labels 7, 2, 1, 0, one-hot
            [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
param  W1 = glorot_uniform(784, 16, seed=1)
param  b1 = uniform(16, low=-0.1, high=0.1, seed=2)
param  W2 = glorot_uniform(16, 10, seed=3)
param  b2 = uniform(10, low=-0.1, high=0.1, seed=4)

x      = pixels / 255
z1     = x @ W1 + b1
h      = relu(z1)
logits = h @ W2 + b2
probs  = softmax(logits)
loss   = -sum(Y * log(probs)) / 4
```

Forward, with the numbers (the large tensors summarized):

```run
forward
```

Derive, from the loss back: `dprobs`, `dlogits`, `dW2`, `db2`, `dh`, `dz1`, `dW1`, `db1`. Each
uses the one before it, as backpropagation does. Shapes: `probs` and `logits` (4×10), `h` and
`z1` (4×16), `W2` (16×10), `W1` (784×16), the biases a row each.

## Hints

```hints
probs: loss = −Σ Y ⊙ log(probs) / 4: the derivative of log p is 1/p.
probs: dprobs = −Y / probs / 4, entry by entry.
logits: through the softmax and the log together the result is simple: the probabilities minus the labels, over the batch.
logits: dlogits = (probs − Y) / 4.
W2: logits = h @ W2: which product of h and dlogits has the shape of W2, (16×10)?
W2: dW2 = hᵀ @ dlogits.
b2: b2 was added to every one of the 4 rows: sum its gradient down the rows.
b2: db2 = sum(dlogits, axis=0).
h: logits = h @ W2: which product of dlogits and W2 has the shape of h, (4×16)?
h: dh = dlogits @ W2ᵀ.
z1: h = relu(z1): the gradient passes where z1 > 0 and stops elsewhere.
z1: dz1 = dh ⊙ step(z1) (step(z) is 1 where z > 0, else 0).
W1: z1 = x @ W1: as dW2, one layer down.
W1: dW1 = xᵀ @ dz1.
b1: as db2, one layer down.
b1: db1 = sum(dz1, axis=0).
```

## Solution

`dprobs` follows from the logarithm alone; `dlogits` is best taken in one step through the
softmax and the logarithm: `(probs − Y) / 4`, the probabilities minus the labels, over the
batch of 4. Then each layer the same way: weights `inputᵀ @ dz`, bias summed down the rows,
input `dz @ Wᵀ`, and through the ReLU its mask.

```solution
grad probs  = -Y / probs / 4
grad logits = (probs - Y) / 4
grad W2     = transpose(h) @ dlogits
grad b2     = sum(dlogits, axis=0)
grad h      = dlogits @ transpose(W2)
grad z1     = dh * step(z1)
grad W1     = transpose(x) @ dz1
grad b1     = sum(dz1, axis=0)
```

"""#
        ),
        (
            "05-batch-norm.md",
            #"""
# Exercise 5. Batch normalization's dx

> Batch normalization written out step by step: derive dy, dβ, dγ, then dx in the compact form in one line.

Batch normalization in training mode, per feature (column) of a batch of 4 samples, written out
as the operations it is made of: the mean, the centered values, the variance, the inverse
standard deviation, the normalized values, then the scale γ and the shift β.

```network
param  x = [[ 1.0,  2.0, -1.0],
            [ 0.5, -0.5,  2.0],
            [-1.5,  1.0,  0.0],
            [ 2.0,  0.0,  1.0]]
target t = [[ 0.5, 1.0, 0.0],
            [ 0.0, 0.0, 1.0],
            [-1.0, 1.0, 0.5],
            [ 1.0, 0.5, 0.0]]
param  gamma = [1.5, 0.5, 2.0]
param  beta  = [0.1, -0.2, 0.3]

mu   = mean(x, axis=0)
xc   = x - mu
var  = mean(xc ^ 2, axis=0)
inv  = (var + 0.001) ^ -0.5
xhat = xc * inv
y    = gamma * xhat + beta
loss = 0.5 * sum((y - t) ^ 2)
```

Forward, with the numbers:

```run
forward
```

Derive `dy`, `dbeta`, `dgamma`, then `dx` without going through `dxhat`, `dvar` and `dmu`: in the
compact form, one line from `dy`, `xhat`, `inv` and `gamma`. x reaches the loss three ways
(through `xc` directly, through the mean and through the variance); your formula must add them
all up.

## Hints

```hints
y: loss = ½·Σ (y − t)².
y: dy = y − t.
beta: beta was added to every row.
beta: dbeta = sum(dy, axis=0).
gamma: y = γ ⊙ x̂ + β, γ repeated down the rows.
gamma: dgamma = sum(dy ⊙ xhat, axis=0).
x: go through x̂ = (x − μ)·inv: dx̂ = dy ⊙ γ; the mean and the variance each add a term that is the same for every row; add the three paths and simplify with Σ x̂ = 0 and Σ x̂² = N.
x: dx = γ ⊙ inv / N ⊙ (N·dy − Σ dy − x̂ ⊙ Σ (dy ⊙ x̂)), the sums down the rows, N = 4.
```

## Solution

With `dx̂ = dy ⊙ γ`, the three paths to `x` add up to
`dx = inv / N ⊙ (N·dx̂ − Σ dx̂ − x̂ ⊙ Σ (dx̂ ⊙ x̂))`, the sums down the rows; γ is the same in
every row, so it comes out in front.

```solution
grad y     = y - t
grad beta  = sum(dy, axis=0)
grad gamma = sum(dy * xhat, axis=0)
grad x     = gamma * inv / 4 * (4 * dy - sum(dy, axis=0) - xhat * sum(dy * xhat, axis=0))
```

"""#
        ),
        (
            "06-convolution-pooling.md",
            #"""
# Exercise 6. Convolution and max-pool backward

> A 2×2 kernel over a 5×5 image, then a 2×2 max-pool: derive the pool's gradient routed to each window's maximum, and the kernel's gradient as a correlation.

A 5×5 image is convolved with a 2×2 kernel (a 4×4 result), and a 2×2 max-pool keeps the largest
value of each of the 4 windows; the loss is half the squared error of the pooled 2×2 against a
target. `U` is a helper for your formulas: `U @ m @ transpose(U)` spreads a 2×2 matrix `m` over
4×4, each number over the window it came from.

```network
input  x = [[0.2, 0.5, 0.1, 0.9, 0.3],
            [0.7, 0.1, 0.4, 0.2, 0.8],
            [0.3, 0.6, 0.9, 0.1, 0.5],
            [0.8, 0.2, 0.3, 0.7, 0.4],
            [0.1, 0.9, 0.5, 0.6, 0.2]]
target t = [[0.5, 0.2], [0.1, 0.6]]
param  K = [[0.5, -0.3], [0.2, 0.8]]
input  U = [[1, 0], [1, 0], [0, 1], [0, 1]]

image  = reshape(x, [1, 5, 5, 1])
kernel = reshape(K, [2, 2, 1, 1])
z      = conv2d(image, kernel)
p      = maxpool2d(z, size=2)
P      = reshape(p, [2, 2])
loss   = 0.5 * sum((P - t) ^ 2)
```

Forward, with the numbers:

```run
forward
```

Derive `dP`, `dp` (the same numbers in the pool's shape (1, 2, 2, 1)), `dz`, `dkernel` and `dK`.
The network language has no "route to the maximum": build it from `U`, `step` and the values.

## Hints

```hints
P: loss = ½·Σ (P − t)².
P: dP = P − t.
p: P = reshape(p, [2, 2]): reshaping moves no numbers.
p: dp = reshape(dP, [1, 2, 2, 1]).
z: each window's gradient goes to the position of its maximum, 0 elsewhere: spread dP over the windows with U, and keep it only where z equals its window's maximum (spread P the same way and compare).
z: dz = reshape((U @ dP @ transpose(U)) * (1 − step(U @ P @ transpose(U) − reshape(z, [4, 4]))), [1, 4, 4, 1]).
kernel: z[i,j] = Σ image[i+a, j+b]·kernel[a,b]: dkernel[a,b] = Σ image[i+a, j+b]·dz[i,j], a correlation of the image with dz.
kernel: dkernel = reshape(conv2d(image, reshape(dz, [4, 4, 1, 1])), [2, 2, 1, 1]).
K: kernel = reshape(K, [2, 2, 1, 1]).
K: dK = reshape(dkernel, [2, 2]).
```

## Solution

The max-pool passes each window's gradient to the one position that won the window: `U` spreads
`dP` over the windows, and `1 − step(max − z)` is 1 exactly where `z` equals its window's
maximum. Each kernel weight met the image under it in every position of the 4×4 result, so its
gradient is the correlation of the image with `dz`: a convolution with `dz` as the kernel.

```solution
grad P      = P - t
grad p      = reshape(dP, [1, 2, 2, 1])
grad z      = reshape((U @ dP @ transpose(U)) * (1 - step(U @ P @ transpose(U) - reshape(z, [4, 4]))), [1, 4, 4, 1])
grad kernel = reshape(conv2d(image, reshape(dz, [4, 4, 1, 1])), [2, 2, 1, 1])
grad K      = reshape(dkernel, [2, 2])
```

"""#
        ),
    ]
}
