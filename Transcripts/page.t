A network in the browser
========================

`backprop page` writes one web page that steps through a network: the computation
graph, then the forward pass node by node and the backward pass gradient by gradient,
each step with its numbers, the derivation `explain` prints and the three-way check.
The page is a single file with its scripts, styles and numbers inside: it loads
nothing, so it opens from disk in any current browser, offline.

  $ backprop page 2 -o out/page-lesson-2.html
  wrote out/page-lesson-2.html (30 steps); open it in a browser

A network file of one's own works the same way. Open the page, then step with → and
←, Home and End, or click a node; the address ends in `#step=N`, so a link can point
at one step.

  $ backprop page Lessons/two-layer-sigmoid.net -o out/page-two-layer-sigmoid.html
  wrote out/page-two-layer-sigmoid.html (30 steps); open it in a browser

A file with a mistake gets the same one-line message, with file, line and column, as
`trace` gives, and no page:

  $ backprop page Transcripts/fixtures/typo-function.net -o out/page-typo.html
  ! backprop: Transcripts/fixtures/typo-function.net:5:12: unknown function 'sigmod'; did you mean 'sigmoid'? (functions: batchnorm, conv2d, cross_entropy, dropout, exp, flatten, gelu, leaky_relu, log, log_softmax, matmul, maxpool2d, mean, mse, pow, relu, reshape, sigmoid, softmax, softplus, sum, tanh, transpose)
  [exit 1]

  $ backprop page Transcripts/fixtures/shape-mismatch.net -o out/page-shape.html
  ! backprop: Transcripts/fixtures/shape-mismatch.net:4:7: matmul: inner dimensions differ: (1×2) · (1×3) (2 ≠ 1)
  [exit 1]

  $ backprop page 42
  ! backprop: '42' is neither a file nor a lesson; the lessons are 1 one-neuron, 2 two-layer-sigmoid, 3 softmax-cross-entropy, 4 relu-kinks, 5 batch-norm, 6 linear-regression-adam, 7 optimizers, 8 mnist-batch, 9 convolution-pooling
  [exit 1]

A value that overflows does not stop the page: it is written, showing where the
infinity appears, and the message `trace` prints says the same (exit code 1):

  $ backprop page Transcripts/fixtures/divide-by-zero.net -o out/page-divide-by-zero.html
  wrote out/page-divide-by-zero.html (9 steps); open it in a browser
  ! backprop: the loss is inf: node 'y^-1' = y^-1 is inf first (division by 0 at y[0,0])
  [exit 1]
