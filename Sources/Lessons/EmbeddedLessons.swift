// Generated from Lessons/*.md by `BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests`; do not edit.
enum EmbeddedLessons {
    static let files: [(fileName: String, text: String)] = [
        (
            "01-one-neuron.md",
            #"""
# 1. One neuron

> y = w·x + b with a squared error: the chain rule by hand, then one gradient-descent step.

A neuron with one input multiplies it by a weight `w`, adds a bias `b`, and gives `y`. We want
`y` to be the target `t`, and we measure how far it is with the squared error `L = (y − t)²`.
Training means changing `w` and `b` so that `L` gets smaller; to know which way to change them we
need the derivatives `∂L/∂w` and `∂L/∂b`.

Here is the whole computation as a network file. Every line after the declarations is one step,
and every step gets a name, so that every intermediate value can be printed:

```network
input  x = [[1.5]]        # the input
target t = [[2.0]]        # what y should be
param  w = [[0.8]]        # the weight
param  b = [0.2]          # the bias

xw   = x * w              # 1.5 · 0.8
y    = xw + b             # the neuron's output
e    = y - t              # the error
sq   = e ^ 2              # the squared error, a 1×1 matrix
loss = sum(sq)            # L = (y − t)², one number
```

## Forward

The forward pass computes each line in order:

```run
forward
```

So `y = 1.4`, the error is `e = −0.6` and the loss is `0.36`.

## Backward, by the chain rule

`L` depends on `w` only through a chain: `w → xw → y → e → sq → L`. The chain rule says the
derivative along a chain is the product of the local derivatives of its links:

    ∂L/∂w = ∂L/∂sq · ∂sq/∂e · ∂e/∂y · ∂y/∂xw · ∂xw/∂w = 1 · 2e · 1 · 1 · x = 2 · (−0.6) · 1.5 = −1.8

and in the same way `∂L/∂b = 1 · 2e · 1 · 1 = −1.2`. Backpropagation computes exactly these
products, from the loss back, reusing each product it has already formed: `dy` (short for
`∂L/∂y`) is computed once and then used for both `dw` and `db`. So each step below is one link
of the chain: a gradient from the gradient one step nearer the loss (`dy` from `de`), with the
local derivative taken from the op's own rule, the formula, the formula with the numbers put
in, and the result. Under `dw` the links are multiplied out once, into the product above:

```run
backward
```

## Checked

Every derivative above is checked three ways, at the parameters it was derived at: the
derivation printed above (evaluated by the explainer itself), the engine's backward pass, and a
central finite difference `(L(θ + h) − L(θ − h)) / 2h` computed by running the
network again with one number moved. The relative error `|a − n| / max(|a|, |n|)` of a correct
gradient in double precision is around 1e-10; anything under 1e-7 passes.

```run
check full
```

## One step of gradient descent

The gradient points uphill, so we step the other way: `θ ← θ − η·dθ` for every parameter `θ`,
with a learning rate `η`. With `η = 0.1`:

```run
update lr=0.1
```

One step took the loss from 0.36 to 0.0441: `y` moved from 1.4 to 1.79, closer to 2.

At the new parameters every gradient is different (`dw = −0.63`, `db = −0.42`: the error is
smaller). Checked again there:

```run
check full
```

"""#
        ),
        (
            "02-two-layer-sigmoid.md",
            #"""
# 2. A 2-2-2 sigmoid network

> Every forward number, every backward number, one SGD update of every weight and bias, and the loss before and after.

This is the classic hand-worked example of backpropagation: two inputs, a hidden layer of two
sigmoid neurons, two sigmoid outputs, and the squared error against two targets. The numbers are
the ones of Matt Mazur's "A Step by Step Backpropagation Example" (2015), written as matrices:
row `i` of `W1` holds the weights leaving input `i`, so `x @ W1` gives both hidden neurons at
once. All numbers in this lesson are printed with 9 significant digits.

```network
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
```

## Forward

`x @ W1` is recorded as its own node, named by its text `x @ W1`, before the bias is added, so
every single operation has its value:

```run
digits 9
forward
```

The loss is 0.298371109, as in the hand-worked example.

## Backward

Backward starts from `dloss = 1` and visits the nodes in reverse, one short local step per node:
each gradient from the one a step nearer the loss (`dh` from `d(h @ W2)`). The sigmoid's local
derivative is `σ'(z) = σ(z)·(1 − σ(z))`, which only needs the sigmoid's own output, so
`dz2 = do ⊙ o ⊙ (1 − o)`.
A matrix product `z = h · W2` sends back `dh = dz · W2ᵀ` and `dW2 = hᵀ · dz`: the shapes
written after each matrix step show why the transposes are needed. A bias added to every row
collects the sum of the rows' gradients (here there is one row).

```run
backward
```

`dW2[0,0] = 0.0821670406` and `dW1[0,0] = 0.000438568`: the same numbers as the hand-worked
example's `∂E/∂w5` and `∂E/∂w1`.

## Checked

The parameters' gradients derived above, at the parameters they were derived at, each entry
three ways (the derivation, the engine's backward pass, a central finite difference), then one
line per parameter. A check shows six digits; `backprop lesson 2 --digits 9` shows nine, and
`dW2[0,0]` reads `0.0821670406` in all three columns:

```run
gradcheck full
```

## One SGD update

With the example's learning rate `η = 0.5`, every weight and bias moves against its gradient:

```run
update lr=0.5
```

The loss went down from 0.298371109. (The original example updates only the weights; here the
biases move too, so the new loss differs from its 0.291027924.)

## Checked again, after the update

The step changed every gradient. Checked again at the updated parameters, every gradient this
time (the intermediates' too), one line each; a table would list the entries that are not PASS:

```run
check
```

"""#
        ),
        (
            "03-softmax-cross-entropy.md",
            #"""
# 3. Softmax with cross-entropy

> Why the gradient of softmax cross-entropy is p − onehot(y), and why log-softmax is computed stably.

A classifier gives one score (a logit) per class. Softmax turns the logits `z` of a sample into
probabilities, `pᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)`, and the cross-entropy loss of a sample whose true
class is `y` is `−log p_y`. Averaged over a batch of `N` samples:

    L = −(1/N) Σₙ log pₙ[yₙ]

Here are two samples with two features each, three classes, and labels 2 and 0:

```network
input  x = [[1.0,  2.0],
            [0.5, -1.0]]
labels y = [2, 0]

param  W = [[0.2, -0.5,  0.1],
            [0.4,  0.3, -0.2]]
param  b = [0.0, 0.1, -0.1]

logits = x @ W + b
p      = softmax(logits)           # shown for reading; the loss computes its own
```

## Why log-softmax is computed stably

Written directly, `exp(1000)` overflows to infinity and `exp(−1000)` underflows to 0, so
`log(softmax(z))` of large logits takes the log of 0. Softmax is computed as
`exp(z − max z) / Σ exp(z − max z)`, which never overflows, and log-softmax as
`z − max z − log Σ exp(z − max z)`, which never takes the log of an underflowed 0.
The cross-entropy loss below works on log-softmax for this reason. A side computation shows the
difference (it does not feed the loss, so it takes no gradient):

```network
input big = [[1000, 0, -1000]]
overflowing = exp(big)
naive       = log(softmax(big))
stable      = log_softmax(big)
```

```run
forward overflowing naive stable
```

`naive` has lost the two small classes (`−inf`), `stable` keeps them exactly: `−1000` and
`−2000`.

## Why the gradient is p − onehot(y)

For one sample, `−log p_y = −z_y + log Σⱼ exp(zⱼ)`. Differentiate with respect to `zᵢ`: the first
term gives `−1` when `i = y` and `0` otherwise, that is `−onehot(y)ᵢ`; the second gives
`exp(zᵢ) / Σⱼ exp(zⱼ) = pᵢ`. So

    ∂(−log p_y)/∂zᵢ = pᵢ − onehot(y)ᵢ

and the mean over the batch divides by `N`. Every exponential and every quotient of the softmax
cancels: the gradient is "what the model predicted minus what was true". That is why softmax and
cross-entropy are one op (`cross_entropy`) in the engine: its backward is this one subtraction.

```network
loss = cross_entropy(logits, y)
```

```run
forward logits p loss
backward logits
```

Row 0 has label 2 and `p = [0.590, 0.265, 0.145]`, so `dlogits = (p − [0, 0, 1]) / 2 =
[0.295, 0.132, −0.427]`: the true class gets a negative gradient (raising its logit lowers the
loss), the others a positive one, in proportion to how much probability they wrongly took.

## Checked

```run
check
```

"""#
        ),
        (
            "04-relu-kinks.md",
            #"""
# 4. ReLU and kinks

> Why finite differences disagree exactly at 0, and what the gradient checker does about it.

`relu(z) = max(0, z)` has slope 0 for `z < 0` and slope 1 for `z > 0`. At `z = 0` it has a corner
(a kink): no derivative. Backpropagation uses slope 0 there, by convention. A central finite
difference `(f(z + h) − f(z − h)) / 2h` at `z = 0` sees `(h − 0) / 2h = 0.5`: half of each side.
Neither is wrong; the function has no derivative there to agree on.

The same happens near the kink: if `z` is within the finite-difference step of 0, the two
evaluations `z + h` and `z − h` fall on different sides and the difference measures a mixture of
the two slopes.

This network has one pre-activation exactly at 0 (`z1[0,0] = 0.5·1 − 0.25·2 + 0`) and one at
3e-6, closer to 0 than the default step `h = 1e-5`:

```network
input  x  = [[1.0,  2.0],
             [3.0, -1.0]]
target t  = [[1.0],
             [0.5]]

param  W1 = [[ 0.5,  -0.3, 0.2],
             [-0.25,  0.4, 0.3]]
param  b1 = [0.0, 0.1, -0.299997]
param  W2 = [[0.7], [-0.4], [0.9]]
param  b2 = [0.05]

z1   = x @ W1 + b1
a1   = relu(z1)
out  = a1 @ W2 + b2
loss = mse(out, t)
```

```run
forward z1 a1 loss
kinks
```

## What the checker does

When the checker moves an entry by `±h`, it runs the network twice and notes, for every ReLU
input, which side of 0 it is on. If the two runs (or the unmoved run) disagree anywhere, the
finite difference crossed a kink: it is no witness for that entry, and the entry is reported as
**KINK** instead of FAIL, as long as the derivation and the backward pass still agree with each
other. Entries whose finite difference stays on one side are checked as usual.

```run
check
```

Every entry that moves `z1[0,0]` (and those that move `z1[1,2]` by more than 3e-6) is a KINK;
nothing fails. With a smaller step the finite differences around the near-kink stay on one side,
so only the entries touching the exact kink remain KINKs:

```run
check h=1e-7
```

A smaller `h` is no cure in general: the rounding error of `f(θ + h) − f(θ − h)` grows like
`ε·|f| / h`, which is why `1e-5` is the default. The checker's answer is to say plainly where a
kink makes the numeric witness useless.

"""#
        ),
        (
            "05-batch-norm.md",
            #"""
# 5. Batch normalization

> Forward in training mode, and the backward derivation with the compact three-term formula for dx, checked.

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

```network
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
```

```run
forward z y loss
```

## Backward

`dβ` and `dγ` are sums over the batch, as for any per-feature scale and shift:
`dβ = Σₙ dyₙ` and `dγ = Σₙ dyₙ ⊙ x̂ₙ`.

For the input, each `x̂ₙ` depends on `xₙ` directly and through `μ` and `σ²`. Following all three
paths and simplifying gives the compact formula

    dx = γ / (N·√(σ² + ε)) ⊙ (N·dy − Σₙ dy − x̂ ⊙ Σₙ(dy ⊙ x̂))

Three terms: the direct path (`N·dy`), the mean's path (`Σ dy`, the same for every row), and the
variance's path (`x̂ ⊙ Σ(dy ⊙ x̂)`). The sums run down each column. Here `x` of the formula is
`z`, the input of the batch-norm node:

```run
backward y z gamma beta
```

Each column of `dz` sums to 0: moving a whole column up or down changes nothing after
standardization, so the gradient cannot point that way.

## Checked

Every entry of `dz` (the three-term formula), `dγ`, `dβ` and `dW`, three ways:

```run
check
```

"""#
        ),
        (
            "06-linear-regression-adam.md",
            #"""
# 6. Linear regression by gradient descent and by Adam

> The Keras tutorial's GradientTape example: a line fitted with mean squared error by Adam (η = 0.01, 100 epochs), the Adam step with bias correction written out, the loss per epoch, the fit against the truth.

The simplest model that learns: a line `y = w·x + b`, fitted to points by minimizing the mean
squared error. The Keras tutorial does this with TensorFlow's `GradientTape`: record the forward
pass, ask the tape for `∂loss/∂w` and `∂loss/∂b`, and hand them to the Adam optimizer with
learning rate 0.01, for 100 epochs. Here is the same model as a network. The ten points lie on the
line `y = 3x + 2`, each moved up or down by a little noise; `w` and `b` start at 0:

```network
input  x = [[0.0], [0.1], [0.2], [0.3], [0.4], [0.5], [0.6], [0.7], [0.8], [0.9]]
target y = [[2.05], [2.22], [2.63], [3.00], [3.16], [3.41], [3.86], [4.12], [4.35], [4.77]]

param  w = [[0.0]]
param  b = [0.0]

prediction = x @ w + b
loss       = mse(prediction, y)           # mean((prediction − y)²)
```

The gradients are those of lesson 1, averaged over the points:
`∂loss/∂w = (2/N) Σ (predictionᵢ − yᵢ)·xᵢ` and `∂loss/∂b = (2/N) Σ (predictionᵢ − yᵢ)`.

```run
backward w b
```

## Adam, one step written out

Plain gradient descent moves every parameter by `η·g`: large gradients make large steps. Adam
keeps two running averages per parameter, of the gradient (`m`, the direction) and of its square
(`v`, its typical size), and steps by their ratio, so every parameter moves by about `η` per step
whatever the scale of its gradient:

    m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²
    m̂ = m / (1 − β1ᵗ)                v̂ = v / (1 − β2ᵗ)
    θ ← θ − η · m̂ / (√v̂ + ε)

`m` and `v` start at 0, so early on they are too small: after one step `m = (1 − β1)·g` is a
tenth of `g`. Dividing by `1 − β1ᵗ` (and `1 − β2ᵗ`) corrects that bias exactly; as `t` grows the
corrections go to 1. In the first step `m̂ = g` and `v̂ = g²`, so the step is `η·g/|g| = ±η`.

The program below fits these points with `LinearRegression`, the code `backprop regress` runs
(one full-batch step per epoch here), once with NN's `Adam` — the optimizer `backprop` trains
MNIST with — and once with plain gradient descent (`SGD`), and writes Adam's first step out by
hand beside it:

```run
program regression
```

## What happened

Adam's steps are about `η = 0.01` each, so in 100 epochs neither parameter can move by much more
than 1: after the Keras tutorial's 100 epochs the line is still far from `w = 3, b = 2`, though the loss has
come down steadily. Plain gradient descent with `η = 0.1` gets much closer in the same epochs,
because on this small, well-scaled problem the raw gradient is a good step. Adam's strength is
elsewhere: on networks whose parameters have gradients of very different sizes, one learning rate
suits them all.

"""#
        ),
        (
            "07-optimizers.md",
            #"""
# 7. Optimizers side by side

> SGD, momentum and Adam on one parameter, a few steps each, with every state variable shown.

One parameter `θ` and the loss `(θ − 0.5)²`, whose minimum is at `θ = 0.5`. Its gradient is
`g = 2(θ − 0.5)`. Starting from `θ = 2`, three optimizers take five steps each with the same
learning rate `η = 0.1`:

```network
param  theta = [[2.0]]
target best  = [[0.5]]

loss = sum((theta - best) ^ 2)
```

- **SGD** steps by `−η·g`: a fixed fraction of the gradient. Here each step removes 20% of the
  distance to the minimum.
- **Momentum** keeps a velocity `v ← μ·v − η·g` and steps by it: gradients that keep pointing the
  same way add up (with `μ = 0.9`, up to ten times one step), so it speeds along long slopes, and
  it can overshoot.
- **Adam** steps by `η·m̂/(√v̂ + ε)`: about `η` per step whatever the gradient's size, in the
  direction of the gradient's running average.

```run
program optimizers
```

SGD closes in steadily, 20% of the remaining distance per step. Momentum starts like SGD, then
accelerates as each velocity adds to the last, reaches the minimum in three steps, and overshoots:
the velocity it built up carries it past `0.5`, and it takes the returning gradient several steps
to turn it around. Adam moves by almost exactly `η = 0.1` per step, because here the gradient
keeps its sign and `m̂/√v̂` stays close to 1.

"""#
        ),
        (
            "08-mnist-batch.md",
            #"""
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

```run
program mnist-batch
```

This is the bridge to full MNIST: `backprop mnist train` trains exactly this model, in Float
instead of Double, on batches of 32 of the 60,000 training images, one Adam step per batch, and
every one of its steps computes what this lesson printed.

"""#
        ),
        (
            "09-convolution-pooling.md",
            #"""
# 9. Convolution and max pooling, backward

> A 3×3 kernel slides over a 5×5 image and a 2×2 max-pool keeps the largest of each window: every number forward and back, and why the gradient of a convolution is a correlation with the flipped kernel.

A convolutional network replaces the dense layer's "every input times its own weight" with one
small kernel slid over the image: each output is the sum of a window of pixels times the kernel's
weights, the same weights at every position. A max-pool then keeps the largest number of each
window. The CNN of `backprop mnist train --model cnn` is built from exactly these two ops; here
they run on a 5×5 image of one channel with one 3×3 kernel, small enough to print every number.

The engine stores images channels last, NHWC: (images, rows, columns, channels), and kernels as
(rows, columns, in channels, out channels). The image and the kernel are written as grids below
and given their four axes by `reshape`. The image is declared `param` only so that the engine
computes its gradient too: in a deeper network, that gradient is what flows on to the layer below.

```network
param x = [[0.1, 0.5, 0.9, 0.3, 0.0],
           [0.4, 1.0, 0.2, 0.6, 0.8],
           [0.7, 0.3, 0.5, 0.1, 0.9],
           [0.2, 0.8, 0.6, 1.0, 0.4],
           [0.9, 0.0, 0.3, 0.7, 0.5]]
param K = [[ 0.2, -0.1,  0.3],
           [ 0.5,  0.4, -0.2],
           [-0.3,  0.1,  0.6]]
target t = [[0.5, 1.0, 0.8, 1.2]]

image  = reshape(x, [1, 5, 5, 1])        # one image, 5×5, one channel
kernel = reshape(K, [3, 3, 1, 1])        # 3×3, one channel in, one out
z = conv2d(image, kernel)                # stride 1, padding valid: 3×3
p = maxpool2d(z, size=2, stride=1)       # 2×2 windows, overlapping: 2×2
f = flatten(p)
loss = mse(f, t)
```

Why these settings. With `valid` padding and stride 1 the kernel visits the 3×3 positions where
it fits inside the image, so every output is a plain sum of 9 products and no zero padding gets in
the way of the first example. The max-pool uses 2×2 windows with stride 1: with the usual stride 2,
a 3×3 map holds only one whole 2×2 window, and five of the nine numbers of `z` would never be
looked at. With stride 1 the four windows overlap, every number of `z` is in at least one of them,
and the middle one is in all four, which shows what happens when one number wins several windows.
In the MNIST CNN, a ReLU sits between the two ops; it is left out here because it adds nothing
that lesson 4 did not show.

## Forward

```run
full
forward
```

Each number of `z` is one window of the image times the kernel, element by element, summed. The
top-left one:

    z[0,0] = 0.1·0.2 + 0.5·(−0.1) + 0.9·0.3
           + 0.4·0.5 + 1.0·0.4    + 0.2·(−0.2)
           + 0.7·(−0.3) + 0.3·0.1 + 0.5·0.6
           = 0.02 − 0.05 + 0.27 + 0.2 + 0.4 − 0.04 − 0.21 + 0.03 + 0.3 = 0.92

This is a *correlation* (the kernel is not flipped), which is what every framework computes under
the name convolution. The max-pool windows of `z` are its four 2×2 corners: 1.11 (the middle of
`z`) is the largest of the first three, 1.26 of the last.

## Backward

`mse` averages the squares of `f − t` over 4 numbers, so `df = 2·(f − t) / 4`. Then:

- **Max-pool routes.** `p = max(window)` is, near the point where it was computed, the same as
  `p = (the largest element)`: its derivative is 1 for that element and 0 for the others. So each
  window's gradient goes to the position of its maximum, and the rest of `z` gets 0. The middle of
  `z` won three windows, so it collects three gradients: 0.305 + 0.055 + 0.155 = 0.515.
- **The kernel's gradient is a correlation of the input with dz.** Each weight `K[a,b]` multiplied
  the pixel `x[i+a, j+b]` in output `z[i,j]`, so `dK[a,b] = Σ_{i,j} x[i+a, j+b]·dz[i,j]`: the
  image correlated with `dz`. Here `dz` has two nonzero entries, so
  `dK = 0.515·(the window of z[1,1]) + 0.03·(the window of z[2,2])`; for example
  `dK[0,0] = 0.515·x[1,1] + 0.03·x[2,2] = 0.515·1.0 + 0.03·0.5 = 0.53`.
- **The input's gradient is a correlation of dz with the flipped kernel.** Each pixel receives
  `dz[i,j]·K[a,b]` from every window that covered it: `dx[p,q] = Σ dz[i,j]·K[p−i, q−j]`. The
  index of K runs backwards as that of dz runs forwards, so this is dz, ringed with 2 zeros (the
  windows that hang off the edge), correlated with the kernel rotated by 180 degrees. Put
  simply: every output's gradient stamps a copy of the kernel, scaled by it, onto the window it
  came from, and the stamps add up. Here, 0.515·K on the window of `z[1,1]` and 0.03·K on that of `z[2,2]`.

With a stride s the same holds after spreading dz out with s − 1 zeros between its entries; with
`same` padding the ring is thinner by the padding; with several channels the flipped kernel also
swaps its in and out channels. The explainer evaluates these maps with its own loops.

```run
backward
```

## Checked three ways

The derivation above (the explainer's loops), the engine's backward pass (im2col and a matrix
product for the convolution, the argmax kept from the forward pass for the max-pool) and a central
finite difference for every entry:

```run
check
```

A tie inside a max-pool window is a kink, as ReLU's 0 is: moving one of the tied numbers up makes
it the maximum, moving it down hands the window to the other, and the finite difference measures
half a slope. The checker notices that the winner of a window changed between its two runs and
reports such entries as KINK, not as failures. The numbers here have no ties.

"""#
        ),
    ]
}
