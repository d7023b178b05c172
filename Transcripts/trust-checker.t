The checker never passes a wrong gradient
=========================================

A gradient check is only worth its PASS if nothing wrong can earn one. These runs show the
cases that used to fool it: NaNs and infinities, exact zeros, long chains, large parameters.

A NaN or an infinity is never a PASS
------------------------------------

At y = 0, -1/y is minus infinity, and so is its gradient: the entry is NONFINITE (a failure,
exit code 1), and the line under the verdict names the node that produced the first one.

  $ backprop explain --expr "-1/y" --at "y=0"
  Explaining -1/y at y=0
  
  Forward pass (4 nodes, in execution order)
    1 (constant) = 1
    -1 = −1 = -1
    y (input) = 0
    f = -1 / y = -inf
  
  Backward pass (dX means ∂f/∂X; from the loss back)
    df = ∂f/∂f = 1   (backward starts here)
  
    dy = ∂f/∂y   (y is an input of f itself)
      local ∂f/∂y, from divide: ∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −a/b²
      dy = df ⊙ -1 ⊙ -1 / y²
         = 1 ⊙ -1 ⊙ (-1) / 0²
         = inf
  
  Check: derivation, backward pass and central finite difference for every entry
    gradient  entry  derivation  backward  numeric  rel. error  status
    dy                      inf       inf   -1e+10         inf  NONFINITE
  check: 1 entries, worst relative error inf, h = 1e-05: NONFINITE (1 NONFINITE)
  node 'f' = -1 / y is -inf first (division by 0 at y)
  [exit 1]

The same division in a network file: a / b is computed as a ⊙ b^-1, so the first infinity is
the power.

  $ backprop gradcheck Transcripts/fixtures/divide-by-zero.net
  Gradient check of Transcripts/fixtures/divide-by-zero.net
  
  gradient  shape  checked  worst rel. error  entries      status
  dy        (1×2)        2               inf  2 NONFINITE  NONFINITE
  
  Entries that are not PASS:
  gradient  entry  derivation  backward  numeric  rel. error  status
  dy        [0,0]        -inf      -inf    1e+10         inf  NONFINITE
  dy        [0,1]          -8        -8      nan         inf  NONFINITE
  
  check: 2 entries, worst relative error inf, h = 1e-05: NONFINITE (2 NONFINITE)
  the loss is inf: node 'y^-1' = y^-1 is inf first (division by 0 at y[0,0])
  [exit 1]

An exact zero gradient passes
-----------------------------

The mean of a batch-normalized output does not depend on W or gamma: their gradients are 0
(or rounding, 1e-17), while the finite difference measures the loss's rounding, about 1e-12.
The allowance for that noise follows the network's own rounding, ε · Σ |v|·|∂L/∂v| / h, not
the size of the loss (here almost 0; --full lists every entry):

  $ backprop gradcheck Transcripts/fixtures/batchnorm-zero-gradient.net --full
  Gradient check of Transcripts/fixtures/batchnorm-zero-gradient.net
  
  gradient  entry    derivation  backward       numeric  rel. error  status
  dW        [0,0]             0         0   7.40149e-12           0  PASS
  dW        [0,1]   1.84046e-17         0  -5.55112e-12           0  PASS
  dW        [1,0]             0         0  -3.70074e-12           0  PASS
  dW        [1,1]  -3.14261e-17         0   9.25186e-13           0  PASS
  dgamma    [0]               0         0   1.85037e-12           0  PASS
  dgamma    [1]     2.77556e-17         0   4.62593e-12           0  PASS
  
  gradient  shape  checked  worst rel. error  entries  status
  dW        (2×2)        4                 0  4 PASS   PASS
  dgamma    (2)          2                 0  2 PASS   PASS
  
  check: 6 entries, worst relative error 0, h = 1e-05: PASS

A deep chain passes
-------------------

700 tanh layers: every layer's rounding reaches the loss, so the finite difference is noisier
than the loss's size suggests, and the allowance counts every layer.

  $ backprop gradcheck Transcripts/fixtures/deep-tanh.net
  Gradient check of Transcripts/fixtures/deep-tanh.net
  
  gradient  shape  checked  worst rel. error  entries  status
  da        (1×3)        3             <1e-7  3 PASS   PASS
  db        (1×3)        3            <1e-11  3 PASS   PASS
  
  check: 6 entries, worst relative error <1e-7, h = 1e-05: PASS

Where a NaN comes from
----------------------

`trace` prints the whole trace, then names the node that produced the first non-finite value,
its op and the input element it came from, and exits with 1:

  $ backprop trace Transcripts/fixtures/log-negative.net
  Trace of Transcripts/fixtures/log-negative.net
  
  Forward pass (5 nodes, in execution order)
  id  name  op         inputs  shape  value
   0  x     input              (2×2)  [[  1, -2],
                                       [0.5,  3]]
   1  w     parameter          (2×2)  [[1, 1],
                                       [1, 1]]
   2  z     multiply   0,1     (2×2)  [[  1, -2],
                                       [0.5,  3]]
   3  y     log        2       (2×2)  [[        0,     nan],
                                       [-0.693147, 1.09861]]
   4  loss  sum        3       ()     nan
  loss = nan
  
  Backward pass (4 gradients ∂loss/∂node, in reverse order)
  id  name  shape  gradient
   4  loss  ()     1
   3  y     (2×2)  [[1, 1],
                    [1, 1]]
   2  z     (2×2)  [[1,     -0.5],
                    [2, 0.333333]]
   1  w     (2×2)  [[1, 1],
                    [1, 1]]
  ! backprop: the loss is NaN: node 'y' = log(z) is NaN first (log of -2 at z[0,1])
  [exit 1]

In JSON, NaN and infinities are the strings "NaN", "Infinity" and "-Infinity" (null would not
tell them apart, nor from a missing value):

  $ backprop trace Transcripts/fixtures/log-negative.net --json
  {"nodes":[{"id":0,"name":"x","op":"input","inputs":[],"shape":[2,2],"value":[1,-2,0.5,3],"grad":null},{"id":1,"name":"w","op":"parameter","inputs":[],"shape":[2,2],"value":[1,1,1,1],"grad":[1,1,1,1]},{"id":2,"name":"z","op":"multiply","inputs":[0,1],"shape":[2,2],"value":[1,-2,0.5,3],"grad":[1,-0.5,2,0.3333333333333333]},{"id":3,"name":"y","op":"log","inputs":[2],"shape":[2,2],"value":[0,"NaN",-0.6931471805599453,1.0986122886681098],"grad":[1,1,1,1]},{"id":4,"name":"loss","op":"sum","inputs":[3],"shape":[],"value":["NaN"],"grad":[1]}],"loss":"NaN"}
  ! backprop: the loss is NaN: node 'y' = log(z) is NaN first (log of -2 at z[0,1])
  [exit 1]

  $ backprop trace Transcripts/fixtures/divide-by-zero.net --json
  {"nodes":[{"id":0,"name":"x","op":"input","inputs":[],"shape":[1,2],"value":[1,2],"grad":null},{"id":1,"name":"y","op":"parameter","inputs":[],"shape":[1,2],"value":[0,0.5],"grad":["-Infinity",-8]},{"id":2,"name":"y^-1","op":"pow","inputs":[1],"shape":[1,2],"value":["Infinity",2],"grad":[1,2]},{"id":3,"name":"x / y","op":"multiply","inputs":[0,2],"shape":[1,2],"value":["Infinity",4],"grad":[1,1]},{"id":4,"name":"loss","op":"sum","inputs":[3],"shape":[],"value":["Infinity"],"grad":[1]}],"loss":"Infinity"}
  ! backprop: the loss is inf: node 'y^-1' = y^-1 is inf first (division by 0 at y[0,0])
  [exit 1]

Large parameters are sampled
----------------------------

A parameter with more than 1000 entries is checked on 100 of them (half the largest
gradients, half spread evenly), and the output says so; `--samples all` checks every entry.

  $ backprop gradcheck Transcripts/fixtures/large-parameter.net
  Gradient check of Transcripts/fixtures/large-parameter.net
  
  gradient  shape        checked  worst rel. error  entries   status
  dW        (40×50)  100 of 2000             <1e-7  100 PASS  PASS
  
  check: 100 entries, worst relative error <1e-7, h = 1e-05: PASS
  dW: 100 of 2000 entries checked
  (more than 1000 entries: 100 sampled; --samples all checks every entry)
