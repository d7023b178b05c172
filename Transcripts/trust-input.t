Input the tool cannot trip over
===============================

Whatever a network file, a lesson or an expression holds, `backprop` answers
with one line that names the file, the line and the column, and exits 1. It
never crashes: deep nesting stops at a limit, sizes are checked before any
memory is taken, Windows line endings read like any others, and control
characters are shown escaped. The limits are listed in Lessons/README.md.

Deep nesting
------------

Parentheses, brackets, calls, unary signs and `^` may nest 256 levels deep.
The fixtures are generated (a line of 256 parentheses is no fun to type).
At 256 levels the file computes; `y` is just `x`:

  $ backprop trace Transcripts/fixtures/nesting-256.net
  Trace of Transcripts/fixtures/nesting-256.net
  
  Forward pass (2 nodes, in execution order)
  id  name  op     inputs  shape  value
   0  x     input          (1×2)  [[0.5, 0.25]]
   1  loss  sum    0       ()     0.75
  loss = 0.75
  
  Backward pass: not run

One level more is refused, at the parenthesis that goes too deep:

  $ backprop trace Transcripts/fixtures/nesting-257.net
  ! backprop: Transcripts/fixtures/nesting-257.net:4:261: more than 256 levels of nesting (parentheses, brackets, calls, signs and '^' each count one)
  [exit 1]

Ten thousand nested calls used to overflow the stack; they stop at the same
place:

  $ backprop trace Transcripts/fixtures/nesting-10000.net
  ! backprop: Transcripts/fixtures/nesting-10000.net:3:1285: more than 256 levels of nesting (parentheses, brackets, calls, signs and '^' each count one)
  [exit 1]

Sizes
-----

A million by a million zeros would need 8 TB:

  $ backprop trace Transcripts/fixtures/huge-zeros.net
  ! backprop: Transcripts/fixtures/huge-zeros.net:2:11: zeros(1000000, 1000000) would have 1000000000000 numbers; a tensor may hold at most 16777216 (2^24)
  [exit 1]

Four dimensions of a million each: their product does not even fit in a
64-bit integer, and is checked without overflowing:

  $ backprop trace Transcripts/fixtures/overflowing-zeros.net
  ! backprop: Transcripts/fixtures/overflowing-zeros.net:2:11: zeros(1000000, 1000000, 1000000, 1000000) would have more numbers than a 64-bit integer counts; a tensor may hold at most 16777216 (2^24)
  [exit 1]

The same for the shape given to `reshape`:

  $ backprop trace Transcripts/fixtures/overflowing-reshape.net
  ! backprop: Transcripts/fixtures/overflowing-reshape.net:3:23: reshape: the shape [16777216, 16777216, 16777216, 16777216] has more numbers than a 64-bit integer counts, but the tensor has 6
  [exit 1]

  $ backprop trace Transcripts/fixtures/huge-reshape.net
  ! backprop: Transcripts/fixtures/huge-reshape.net:3:24: a dimension must be a whole number from 1 to 16777216, got 100000000
  [exit 1]

Windows line endings
--------------------

A network file whose lines end in CRLF computes the same numbers as its twin
with LF line endings:

  $ backprop trace Transcripts/fixtures/neuron-lf.net
  Trace of Transcripts/fixtures/neuron-lf.net
  
  Forward pass (10 nodes, in execution order)
  id  name         op         inputs  shape  value
   0  x            input              (1×2)  [[1, 2]]
   1  t            constant           (1×1)  [[1]]
   2  w            parameter          (2×1)  [[  0.5],
                                              [-0.25]]
   3  b            parameter          (1)    [0.1]
   4  x @ w        matmul     0,2     (1×1)  [[0]]
   5  x @ w + b    add        4,3     (1×1)  [[0.1]]
   6  y            sigmoid    5       (1×1)  [[0.524979]]
   7  y - t        subtract   6,1     (1×1)  [[-0.475021]]
   8  (y - t) ^ 2  pow        7       (1×1)  [[0.225645]]
   9  loss         sum        8       ()     0.225645
  loss = 0.225645
  
  Backward pass (8 gradients ∂loss/∂node, in reverse order)
  id  name         shape  gradient
   9  loss         ()     1
   8  (y - t) ^ 2  (1×1)  [[1]]
   7  y - t        (1×1)  [[-0.950042]]
   6  y            (1×1)  [[-0.950042]]
   5  x @ w + b    (1×1)  [[-0.236918]]
   4  x @ w        (1×1)  [[-0.236918]]
   3  b            (1)    [-0.236918]
   2  w            (2×1)  [[-0.236918],
                           [-0.473835]]

  $ backprop trace Transcripts/fixtures/neuron-crlf.net
  Trace of Transcripts/fixtures/neuron-crlf.net
  
  Forward pass (10 nodes, in execution order)
  id  name         op         inputs  shape  value
   0  x            input              (1×2)  [[1, 2]]
   1  t            constant           (1×1)  [[1]]
   2  w            parameter          (2×1)  [[  0.5],
                                              [-0.25]]
   3  b            parameter          (1)    [0.1]
   4  x @ w        matmul     0,2     (1×1)  [[0]]
   5  x @ w + b    add        4,3     (1×1)  [[0.1]]
   6  y            sigmoid    5       (1×1)  [[0.524979]]
   7  y - t        subtract   6,1     (1×1)  [[-0.475021]]
   8  (y - t) ^ 2  pow        7       (1×1)  [[0.225645]]
   9  loss         sum        8       ()     0.225645
  loss = 0.225645
  
  Backward pass (8 gradients ∂loss/∂node, in reverse order)
  id  name         shape  gradient
   9  loss         ()     1
   8  (y - t) ^ 2  (1×1)  [[1]]
   7  y - t        (1×1)  [[-0.950042]]
   6  y            (1×1)  [[-0.950042]]
   5  x @ w + b    (1×1)  [[-0.236918]]
   4  x @ w        (1×1)  [[-0.236918]]
   3  b            (1)    [-0.236918]
   2  w            (2×1)  [[-0.236918],
                           [-0.473835]]

And so does a lesson written on Windows:

  $ backprop lesson Transcripts/fixtures/crlf-lesson.md
  # A lesson written on Windows
  
  > Its lines end in CRLF; it runs as if they ended in LF.
  
  One neuron:
  
      input  x = [[1.0, 2.0]]
      target t = [[1.0]]
      param  w = [[0.5],
                  [-0.25]]
      param  b = [0.1]
      y = sigmoid(x @ w + b)
      loss = sum((y - t) ^ 2)
  
  Its forward pass and its gradients, checked:
  
      y = σ(x @ w + b) = [[0.524979]]
      loss = sum((y - t) ^ 2) = 0.225645
  
      gradient        shape  checked  worst rel. error  entries  status
      d((y - t) ^ 2)  (1×1)        1            <1e-11  1 PASS   PASS
      d(y - t)        (1×1)        1            <1e-12  1 PASS   PASS
      dy              (1×1)        1            <1e-11  1 PASS   PASS
      d(x @ w + b)    (1×1)        1            <1e-10  1 PASS   PASS
      d(x @ w)        (1×1)        1            <1e-10  1 PASS   PASS
      db              (1)          1            <1e-10  1 PASS   PASS
      dw              (2×1)        2            <1e-10  2 PASS   PASS
  
      check: 8 entries, worst relative error <1e-10, h = 1e-05: PASS
  

Control characters
------------------

A NUL byte, or an escape sequence that would change the terminal's colors, is
shown escaped in the message, not written to the terminal:

  $ backprop trace Transcripts/fixtures/nul-byte.net
  ! backprop: Transcripts/fixtures/nul-byte.net:2:19: unexpected character '\0'
  [exit 1]

  $ backprop trace Transcripts/fixtures/escape-sequence.net
  ! backprop: Transcripts/fixtures/escape-sequence.net:2:19: unexpected character '\u{1B}'
  [exit 1]
