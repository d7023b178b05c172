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
  
  gradient  entry  derivation  backward  numeric  rel. error  status
  dy        [0,0]        -inf      -inf    1e+10         inf  NONFINITE
  dy        [0,1]          -8        -8      nan         inf  NONFINITE
  
  gradient  shape  checked  worst rel. error  status
  dy        (1×2)        2               inf  NONFINITE
  check: 2 entries, worst relative error inf, h = 1e-05: NONFINITE (2 NONFINITE)
  the loss is inf: node 'y^-1' = y^-1 is inf first (division by 0 at y[0,0])
  [exit 1]

An exact zero gradient passes
-----------------------------

The mean of a batch-normalized output does not depend on W or gamma: their gradients are 0
(or rounding, 1e-17), while the finite difference measures the loss's rounding, about 1e-12.
The allowance for that noise follows the network's own rounding, ε · Σ |v|·|∂L/∂v| / h, not
the size of the loss (here almost 0):

  $ backprop gradcheck Transcripts/fixtures/batchnorm-zero-gradient.net
  Gradient check of Transcripts/fixtures/batchnorm-zero-gradient.net
  
  gradient  entry    derivation  backward       numeric  rel. error  status
  dW        [0,0]             0         0   7.40149e-12           0  PASS
  dW        [0,1]   1.84046e-17         0  -5.55112e-12           0  PASS
  dW        [1,0]             0         0  -3.70074e-12           0  PASS
  dW        [1,1]  -3.14261e-17         0   9.25186e-13           0  PASS
  dgamma    [0]               0         0   1.85037e-12           0  PASS
  dgamma    [1]     2.77556e-17         0   4.62593e-12           0  PASS
  
  gradient  shape  checked  worst rel. error  status
  dW        (2×2)        4                 0  PASS
  dgamma    (2)          2                 0  PASS
  check: 6 entries, worst relative error 0, h = 1e-05: PASS

A deep chain passes
-------------------

700 tanh layers: every layer's rounding reaches the loss, so the finite difference is noisier
than the loss's size suggests, and the allowance counts every layer.

  $ backprop gradcheck Transcripts/fixtures/deep-tanh.net
  Gradient check of Transcripts/fixtures/deep-tanh.net
  
  gradient  entry   derivation     backward      numeric  rel. error  status
  da        [0,0]  6.71515e-05  6.71515e-05  6.71515e-05       <1e-7  PASS
  da        [0,1]  0.000417597  0.000417597  0.000417597       <1e-9  PASS
  da        [0,2]   0.00165553   0.00165553   0.00165553       <1e-8  PASS
  db        [0,0]    0.0314265    0.0314265    0.0314265      <1e-11  PASS
  db        [0,1]   -0.0312453   -0.0312453   -0.0312453      <1e-11  PASS
  db        [0,2]   -0.0307994   -0.0307994   -0.0307994      <1e-11  PASS
  
  gradient  shape  checked  worst rel. error  status
  da        (1×3)        3             <1e-7  PASS
  db        (1×3)        3            <1e-11  PASS
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
  
  gradient  entry      derivation      backward       numeric  rel. error  status
  dW        [0,0]    -0.000182804  -0.000182804  -0.000182804       <1e-8  PASS
  dW        [0,16]     0.00689736    0.00689736    0.00689736      <1e-10  PASS
  dW        [0,27]    -0.00769748   -0.00769748   -0.00769748      <1e-10  PASS
  dW        [0,40]     0.00314173    0.00314173    0.00314173       <1e-9  PASS
  dW        [1,16]     0.00732691    0.00732691    0.00732691      <1e-10  PASS
  dW        [1,27]    -0.00687185   -0.00687185   -0.00687185       <1e-9  PASS
  dW        [1,30]    0.000693103   0.000693103   0.000693103       <1e-9  PASS
  dW        [2,20]    0.000238004   0.000238004   0.000238004       <1e-9  PASS
  dW        [3,10]     0.00107746    0.00107746    0.00107746       <1e-9  PASS
  dW        [4,0]     0.000486572   0.000486572   0.000486572       <1e-9  PASS
  dW        [4,40]     0.00163959    0.00163959    0.00163959       <1e-9  PASS
  dW        [5,30]   -0.000868683  -0.000868683  -0.000868683       <1e-9  PASS
  dW        [6,20]    -0.00148148   -0.00148148   -0.00148148      <1e-10  PASS
  dW        [7,10]   -1.12783e-05  -1.12783e-05  -1.12783e-05       <1e-7  PASS
  dW        [8,0]      0.00342136    0.00342136    0.00342136      <1e-10  PASS
  dW        [8,19]     0.00697377    0.00697377    0.00697377      <1e-10  PASS
  dW        [8,23]     0.00785005    0.00785005    0.00785005      <1e-10  PASS
  dW        [8,29]      0.0101509     0.0101509     0.0101509      <1e-10  PASS
  dW        [8,33]    -0.00819624   -0.00819624   -0.00819624       <1e-9  PASS
  dW        [8,40]    -0.00229895   -0.00229895   -0.00229895       <1e-9  PASS
  dW        [8,41]      0.0107109     0.0107109     0.0107109      <1e-10  PASS
  dW        [9,30]    0.000244833   0.000244833   0.000244833       <1e-8  PASS
  dW        [10,9]    -0.00762683   -0.00762683   -0.00762683      <1e-10  PASS
  dW        [10,20]    0.00042919    0.00042919    0.00042919       <1e-9  PASS
  dW        [10,27]   -0.00805261   -0.00805261   -0.00805261      <1e-10  PASS
  dW        [11,10]    0.00164357    0.00164357    0.00164357      <1e-10  PASS
  dW        [11,29]     0.0071755     0.0071755     0.0071755      <1e-10  PASS
  dW        [11,41]    0.00789758    0.00789758    0.00789758      <1e-10  PASS
  dW        [12,0]      0.0036149     0.0036149     0.0036149       <1e-9  PASS
  dW        [12,23]    0.00758058    0.00758058    0.00758058      <1e-10  PASS
  dW        [12,29]     0.0102539     0.0102539     0.0102539      <1e-10  PASS
  dW        [12,33]   -0.00854037   -0.00854037   -0.00854037      <1e-10  PASS
  dW        [12,40]   -0.00182056   -0.00182056   -0.00182056       <1e-9  PASS
  dW        [12,41]     0.0109217     0.0109217     0.0109217      <1e-10  PASS
  dW        [13,29]    0.00784102    0.00784102    0.00784102      <1e-10  PASS
  dW        [13,30]   -0.00015529   -0.00015529   -0.00015529       <1e-9  PASS
  dW        [13,41]    0.00808458    0.00808458    0.00808458      <1e-10  PASS
  dW        [14,20]    0.00186435    0.00186435    0.00186435      <1e-10  PASS
  dW        [15,9]    -0.00687581   -0.00687581   -0.00687581      <1e-10  PASS
  dW        [15,10]   -0.00184499   -0.00184499   -0.00184499       <1e-9  PASS
  dW        [15,27]   -0.00724426   -0.00724426   -0.00724426      <1e-10  PASS
  dW        [16,0]    -0.00172322   -0.00172322   -0.00172322      <1e-10  PASS
  dW        [16,9]     0.00690995    0.00690995    0.00690995      <1e-10  PASS
  dW        [16,40]   -0.00202492   -0.00202492   -0.00202492       <1e-9  PASS
  dW        [17,30]   0.000371543   0.000371543   0.000371543       <1e-9  PASS
  dW        [18,20]    -0.0014861    -0.0014861    -0.0014861       <1e-9  PASS
  dW        [19,9]     0.00775253    0.00775253    0.00775253      <1e-10  PASS
  dW        [19,10]    0.00217972    0.00217972    0.00217972       <1e-9  PASS
  dW        [19,27]    0.00827997    0.00827997    0.00827997       <1e-9  PASS
  dW        [20,0]    0.000172104   0.000172104   0.000172104       <1e-9  PASS
  dW        [20,40]  -0.000864994  -0.000864994  -0.000864994       <1e-9  PASS
  dW        [21,30]  -0.000261037  -0.000261037  -0.000261037       <1e-9  PASS
  dW        [22,20]  -6.48722e-05  -6.48722e-05  -6.48722e-05       <1e-8  PASS
  dW        [23,10]    0.00390964    0.00390964    0.00390964      <1e-10  PASS
  dW        [23,16]   -0.00745136   -0.00745136   -0.00745136       <1e-9  PASS
  dW        [23,27]    0.00785435    0.00785435    0.00785435      <1e-10  PASS
  dW        [24,0]   -0.000278185  -0.000278185  -0.000278185       <1e-9  PASS
  dW        [24,40]  -0.000704433  -0.000704433  -0.000704433       <1e-9  PASS
  dW        [25,16]   -0.00710918   -0.00710918   -0.00710918      <1e-10  PASS
  dW        [25,27]     0.0084616     0.0084616     0.0084616      <1e-10  PASS
  dW        [25,30]   -0.00131688   -0.00131688   -0.00131688      <1e-10  PASS
  dW        [26,20]  -0.000152371  -0.000152371  -0.000152371       <1e-8  PASS
  dW        [27,10]    0.00328231    0.00328231    0.00328231       <1e-9  PASS
  dW        [27,29]    0.00848212    0.00848212    0.00848212      <1e-10  PASS
  dW        [27,33]   -0.00704967   -0.00704967   -0.00704967      <1e-10  PASS
  dW        [27,41]    0.00902865    0.00902865    0.00902865      <1e-10  PASS
  dW        [28,0]     0.00142654    0.00142654    0.00142654      <1e-10  PASS
  dW        [28,40]   0.000371686   0.000371686   0.000371686       <1e-9  PASS
  dW        [29,19]    0.00723437    0.00723437    0.00723437      <1e-10  PASS
  dW        [29,23]    0.00812234    0.00812234    0.00812234       <1e-9  PASS
  dW        [29,29]     0.0110937     0.0110937     0.0110937      <1e-10  PASS
  dW        [29,30]   0.000730753   0.000730753   0.000730753      <1e-10  PASS
  dW        [29,33]   -0.00929901   -0.00929901   -0.00929901       <1e-9  PASS
  dW        [29,41]     0.0118393     0.0118393     0.0118393      <1e-10  PASS
  dW        [30,20]   -0.00299478   -0.00299478   -0.00299478       <1e-9  PASS
  dW        [30,23]   -0.00715534   -0.00715534   -0.00715534      <1e-10  PASS
  dW        [30,29]    -0.0101433    -0.0101433    -0.0101433      <1e-10  PASS
  dW        [30,33]    0.00870516    0.00870516    0.00870516       <1e-9  PASS
  dW        [30,41]    -0.0109044    -0.0109044    -0.0109044       <1e-9  PASS
  dW        [31,10]    0.00149955    0.00149955    0.00149955       <1e-9  PASS
  dW        [31,41]    0.00677214    0.00677214    0.00677214      <1e-11  PASS
  dW        [32,0]   -0.000660072  -0.000660072  -0.000660072      <1e-10  PASS
  dW        [32,40]   0.000427147   0.000427147   0.000427147       <1e-9  PASS
  dW        [33,30]   4.92042e-05   4.92042e-05   4.92042e-05       <1e-8  PASS
  dW        [34,20]   -0.00100223   -0.00100223   -0.00100223       <1e-9  PASS
  dW        [34,27]   -0.00697655   -0.00697655   -0.00697655      <1e-10  PASS
  dW        [35,10]     0.0025282     0.0025282     0.0025282       <1e-9  PASS
  dW        [35,27]    0.00692764    0.00692764    0.00692764      <1e-11  PASS
  dW        [36,0]    -0.00208473   -0.00208473   -0.00208473       <1e-9  PASS
  dW        [36,40]    0.00100666    0.00100666    0.00100666       <1e-9  PASS
  dW        [37,19]    0.00712538    0.00712538    0.00712538      <1e-10  PASS
  dW        [37,23]    0.00802853    0.00802853    0.00802853      <1e-10  PASS
  dW        [37,29]     0.0101622     0.0101622     0.0101622      <1e-10  PASS
  dW        [37,30]   0.000261492   0.000261492   0.000261492       <1e-8  PASS
  dW        [37,33]   -0.00807847   -0.00807847   -0.00807847       <1e-9  PASS
  dW        [37,41]     0.0106731     0.0106731     0.0106731      <1e-10  PASS
  dW        [38,16]   -0.00789505   -0.00789505   -0.00789505      <1e-10  PASS
  dW        [38,20]    0.00149369    0.00149369    0.00149369       <1e-9  PASS
  dW        [38,27]    0.00803286    0.00803286    0.00803286       <1e-9  PASS
  dW        [39,10]   0.000312841   0.000312841   0.000312841       <1e-9  PASS
  
  gradient  shape        checked  worst rel. error  status
  dW        (40×50)  100 of 2000             <1e-7  PASS
  check: 100 entries, worst relative error <1e-7, h = 1e-05: PASS
  dW: 100 of 2000 entries checked
  (more than 1000 entries: 100 sampled; --samples all checks every entry)
