Tracing a network
=================

`backprop trace FILE` runs a network file forward and backward in Double
precision and prints every intermediate: the forward pass in execution order,
then every gradient of the loss in the order backward computed them. The
network is the classic 2-2-2 sigmoid example (Lessons/two-layer-sigmoid.net);
its loss 0.298371 and gradients such as dW2[0,0] = 0.082167 match the
published hand-worked numbers.

  $ backprop trace Lessons/two-layer-sigmoid.net
  Trace of Lessons/two-layer-sigmoid.net
  
  Forward pass (16 nodes, in execution order)
  id  name        op         inputs  shape  value
   0  x           input              (1×2)  [[0.05, 0.1]]
   1  t           constant           (1×2)  [[0.01, 0.99]]
   2  W1          parameter          (2×2)  [[0.15, 0.25],
                                             [ 0.2,  0.3]]
   3  b1          parameter          (2)    [0.35, 0.35]
   4  W2          parameter          (2×2)  [[ 0.4,  0.5],
                                             [0.45, 0.55]]
   5  b2          parameter          (2)    [0.6, 0.6]
   6  x @ W1      matmul     0,2     (1×2)  [[0.0275, 0.0425]]
   7  z1          add        6,3     (1×2)  [[0.3775, 0.3925]]
   8  h           sigmoid    7       (1×2)  [[0.59327, 0.596884]]
   9  h @ W2      matmul     8,4     (1×2)  [[0.505906, 0.624921]]
  10  z2          add        9,5     (1×2)  [[1.10591, 1.22492]]
  11  o           sigmoid    10      (1×2)  [[0.751365, 0.772928]]
  12  e           subtract   11,1    (1×2)  [[0.741365, -0.217072]]
  13  e ^ 2       pow        12      (1×2)  [[0.549622, 0.0471201]]
  14  sum(e ^ 2)  sum        13      ()     0.596742
  15  loss        scale      14      ()     0.298371
  loss = 0.298371
  
  Backward pass (14 gradients ∂loss/∂node, in reverse order)
  id  name        shape  gradient
  15  loss        ()     1
  14  sum(e ^ 2)  ()     0.5
  13  e ^ 2       (1×2)  [[0.5, 0.5]]
  12  e           (1×2)  [[0.741365, -0.217072]]
  11  o           (1×2)  [[0.741365, -0.217072]]
  10  z2          (1×2)  [[0.138499, -0.0380982]]
   9  h @ W2      (1×2)  [[0.138499, -0.0380982]]
   8  h           (1×2)  [[0.0363503, 0.0413703]]
   7  z1          (1×2)  [[0.00877135, 0.00995425]]
   6  x @ W1      (1×2)  [[0.00877135, 0.00995425]]
   5  b2          (2)    [0.138499, -0.0380982]
   4  W2          (2×2)  [[ 0.082167, -0.0226025],
                          [0.0826676, -0.0227402]]
   3  b1          (2)    [0.00877135, 0.00995425]
   2  W1          (2×2)  [[0.000438568, 0.000497713],
                          [0.000877135, 0.000995425]]

--digits N writes every number with N significant digits (default 6):

  $ backprop trace Lessons/two-layer-sigmoid.net --digits 3
  Trace of Lessons/two-layer-sigmoid.net
  
  Forward pass (16 nodes, in execution order)
  id  name        op         inputs  shape  value
   0  x           input              (1×2)  [[0.05, 0.1]]
   1  t           constant           (1×2)  [[0.01, 0.99]]
   2  W1          parameter          (2×2)  [[0.15, 0.25],
                                             [ 0.2,  0.3]]
   3  b1          parameter          (2)    [0.35, 0.35]
   4  W2          parameter          (2×2)  [[ 0.4,  0.5],
                                             [0.45, 0.55]]
   5  b2          parameter          (2)    [0.6, 0.6]
   6  x @ W1      matmul     0,2     (1×2)  [[0.0275, 0.0425]]
   7  z1          add        6,3     (1×2)  [[0.378, 0.392]]
   8  h           sigmoid    7       (1×2)  [[0.593, 0.597]]
   9  h @ W2      matmul     8,4     (1×2)  [[0.506, 0.625]]
  10  z2          add        9,5     (1×2)  [[1.11, 1.22]]
  11  o           sigmoid    10      (1×2)  [[0.751, 0.773]]
  12  e           subtract   11,1    (1×2)  [[0.741, -0.217]]
  13  e ^ 2       pow        12      (1×2)  [[0.55, 0.0471]]
  14  sum(e ^ 2)  sum        13      ()     0.597
  15  loss        scale      14      ()     0.298
  loss = 0.298
  
  Backward pass (14 gradients ∂loss/∂node, in reverse order)
  id  name        shape  gradient
  15  loss        ()     1
  14  sum(e ^ 2)  ()     0.5
  13  e ^ 2       (1×2)  [[0.5, 0.5]]
  12  e           (1×2)  [[0.741, -0.217]]
  11  o           (1×2)  [[0.741, -0.217]]
  10  z2          (1×2)  [[0.138, -0.0381]]
   9  h @ W2      (1×2)  [[0.138, -0.0381]]
   8  h           (1×2)  [[0.0364, 0.0414]]
   7  z1          (1×2)  [[0.00877, 0.00995]]
   6  x @ W1      (1×2)  [[0.00877, 0.00995]]
   5  b2          (2)    [0.138, -0.0381]
   4  W2          (2×2)  [[0.0822, -0.0226],
                          [0.0827, -0.0227]]
   3  b1          (2)    [0.00877, 0.00995]
   2  W1          (2×2)  [[0.000439, 0.000498],
                          [0.000877, 0.000995]]

The same trace with plain ASCII symbols:

  $ backprop trace Lessons/two-layer-sigmoid.net --ascii
  Trace of Lessons/two-layer-sigmoid.net
  
  Forward pass (16 nodes, in execution order)
  id  name        op         inputs  shape  value
   0  x           input              (1x2)  [[0.05, 0.1]]
   1  t           constant           (1x2)  [[0.01, 0.99]]
   2  W1          parameter          (2x2)  [[0.15, 0.25],
                                             [ 0.2,  0.3]]
   3  b1          parameter          (2)    [0.35, 0.35]
   4  W2          parameter          (2x2)  [[ 0.4,  0.5],
                                             [0.45, 0.55]]
   5  b2          parameter          (2)    [0.6, 0.6]
   6  x @ W1      matmul     0,2     (1x2)  [[0.0275, 0.0425]]
   7  z1          add        6,3     (1x2)  [[0.3775, 0.3925]]
   8  h           sigmoid    7       (1x2)  [[0.59327, 0.596884]]
   9  h @ W2      matmul     8,4     (1x2)  [[0.505906, 0.624921]]
  10  z2          add        9,5     (1x2)  [[1.10591, 1.22492]]
  11  o           sigmoid    10      (1x2)  [[0.751365, 0.772928]]
  12  e           subtract   11,1    (1x2)  [[0.741365, -0.217072]]
  13  e ^ 2       pow        12      (1x2)  [[0.549622, 0.0471201]]
  14  sum(e ^ 2)  sum        13      ()     0.596742
  15  loss        scale      14      ()     0.298371
  loss = 0.298371
  
  Backward pass (14 gradients dloss/dnode, in reverse order)
  id  name        shape  gradient
  15  loss        ()     1
  14  sum(e ^ 2)  ()     0.5
  13  e ^ 2       (1x2)  [[0.5, 0.5]]
  12  e           (1x2)  [[0.741365, -0.217072]]
  11  o           (1x2)  [[0.741365, -0.217072]]
  10  z2          (1x2)  [[0.138499, -0.0380982]]
   9  h @ W2      (1x2)  [[0.138499, -0.0380982]]
   8  h           (1x2)  [[0.0363503, 0.0413703]]
   7  z1          (1x2)  [[0.00877135, 0.00995425]]
   6  x @ W1      (1x2)  [[0.00877135, 0.00995425]]
   5  b2          (2)    [0.138499, -0.0380982]
   4  W2          (2x2)  [[ 0.082167, -0.0226025],
                          [0.0826676, -0.0227402]]
   3  b1          (2)    [0.00877135, 0.00995425]
   2  W1          (2x2)  [[0.000438568, 0.000497713],
                          [0.000877135, 0.000995425]]

The whole trace as JSON, for other programs:

  $ backprop trace Lessons/two-layer-sigmoid.net --json
  {"nodes":[{"id":0,"name":"x","op":"input","inputs":[],"shape":[1,2],"value":[0.05,0.1],"grad":null},{"id":1,"name":"t","op":"constant","inputs":[],"shape":[1,2],"value":[0.01,0.99],"grad":null},{"id":2,"name":"W1","op":"parameter","inputs":[],"shape":[2,2],"value":[0.15,0.25,0.2,0.3],"grad":[0.0004385677344743465,0.0004977127352608599,0.000877135468948693,0.0009954254705217198]},{"id":3,"name":"b1","op":"parameter","inputs":[],"shape":[2],"value":[0.35,0.35],"grad":[0.00877135468948693,0.009954254705217196]},{"id":4,"name":"W2","op":"parameter","inputs":[],"shape":[2,2],"value":[0.4,0.5,0.45,0.55],"grad":[0.08216704056423077,-0.02260254047747507,0.08266762784753325,-0.022740242215978222]},{"id":5,"name":"b2","op":"parameter","inputs":[],"shape":[2],"value":[0.6,0.6],"grad":[0.13849856162855695,-0.038098236516556236]},{"id":6,"name":"x @ W1","op":"matmul","inputs":[0,2],"shape":[1,2],"value":[0.027500000000000004,0.042499999999999996],"grad":[0.00877135468948693,0.009954254705217196]},{"id":7,"name":"z1","op":"add","inputs":[6,3],"shape":[1,2],"value":[0.3775,0.39249999999999996],"grad":[0.00877135468948693,0.009954254705217196]},{"id":8,"name":"h","op":"sigmoid","inputs":[7],"shape":[1,2],"value":[0.5932699921071872,0.596884378259767],"grad":[0.03635030639314466,0.0413703226487447]},{"id":9,"name":"h @ W2","op":"matmul","inputs":[8,4],"shape":[1,2],"value":[0.5059059670597701,0.6249214040964655],"grad":[0.13849856162855695,-0.038098236516556236]},{"id":10,"name":"z2","op":"add","inputs":[9,5],"shape":[1,2],"value":[1.10590596705977,1.2249214040964653],"grad":[0.13849856162855695,-0.038098236516556236]},{"id":11,"name":"o","op":"sigmoid","inputs":[10],"shape":[1,2],"value":[0.7513650695523157,0.7729284653214625],"grad":[0.7413650695523157,-0.21707153467853746]},{"id":12,"name":"e","op":"subtract","inputs":[11,1],"shape":[1,2],"value":[0.7413650695523157,-0.21707153467853746],"grad":[0.7413650695523157,-0.21707153467853746]},{"id":13,"name":"e ^ 2","op":"pow","inputs":[12],"shape":[1,2],"value":[0.54962216635231,0.04712005116769549],"grad":[0.5,0.5]},{"id":14,"name":"sum(e ^ 2)","op":"sum","inputs":[13],"shape":[],"value":[0.5967422175200054],"grad":[0.5]},{"id":15,"name":"loss","op":"scale","inputs":[14],"shape":[],"value":[0.2983711087600027],"grad":[1]}],"loss":0.2983711087600027}

Mistakes in a network file are reported in one line with the file, line and
column, and the exit code is 1:

  $ backprop trace Transcripts/fixtures/typo-function.net
  ! backprop: Transcripts/fixtures/typo-function.net:5:12: unknown function 'sigmod'; did you mean 'sigmoid'? (functions: batchnorm, conv2d, cross_entropy, dropout, exp, flatten, gelu, leaky_relu, log, log_softmax, matmul, maxpool2d, mean, mse, pow, relu, reshape, sigmoid, softmax, softplus, step, sum, tanh, transpose)
  [exit 1]

  $ backprop trace Transcripts/fixtures/shape-mismatch.net
  ! backprop: Transcripts/fixtures/shape-mismatch.net:4:7: matmul: inner dimensions differ: (1×2) · (1×3) (2 ≠ 1)
  [exit 1]

  $ backprop trace Transcripts/fixtures/undefined-name.net
  ! backprop: Transcripts/fixtures/undefined-name.net:4:13: undefined name 'b' (defined so far: W, x)
  [exit 1]

  $ backprop trace Transcripts/fixtures/no-such-file.net
  ! backprop: Transcripts/fixtures/no-such-file.net: no such file
  [exit 1]

A flag the command does not have is a usage error (exit 2):

  $ backprop trace Lessons/two-layer-sigmoid.net --jsn
  ! backprop: unknown flag '--jsn' for 'backprop trace'; did you mean '--json'?
  ! Run 'backprop trace --help' for usage.
  [exit 2]

A lesson's number or name works as well as a file: the lesson's network blocks
are run.

  $ backprop trace 1
  Trace of Lessons/01-one-neuron.md
  
  Forward pass (9 nodes, in execution order)
  id  name  op         inputs  shape  value
   0  x     input              (1×1)  [[1.5]]
   1  t     constant           (1×1)  [[2]]
   2  w     parameter          (1×1)  [[0.8]]
   3  b     parameter          (1)    [0.2]
   4  xw    multiply   0,2     (1×1)  [[1.2]]
   5  y     add        4,3     (1×1)  [[1.4]]
   6  e     subtract   5,1     (1×1)  [[-0.6]]
   7  sq    pow        6       (1×1)  [[0.36]]
   8  loss  sum        7       ()     0.36
  loss = 0.36
  
  Backward pass (7 gradients ∂loss/∂node, in reverse order)
  id  name  shape  gradient
   8  loss  ()     1
   7  sq    (1×1)  [[1]]
   6  e     (1×1)  [[-1.2]]
   5  y     (1×1)  [[-1.2]]
   4  xw    (1×1)  [[-1.2]]
   3  b     (1)    [-1.2]
   2  w     (1×1)  [[-1.8]]

Lesson 8 has no network block: its program builds the Keras tutorial's MNIST
model on the first four test images, and that is what is traced (the images
are read from the MNIST folder).

  $ backprop trace 8
  Trace of Lessons/08-mnist-batch.md
  
  Forward pass (12 nodes, in execution order)
  id  name    op             inputs  shape      value
   0  x       input                  (4×28×28)  min 0 mean 0.117783 max 1 ‖·‖₂ 17.8007
   1  x_flat  reshape        0       (4×784)    min 0 mean 0.117783 max 1 ‖·‖₂ 17.8007
   2  W1      parameter              (784×128)  min -0.0811066 mean -0.000162132 max 0.0811071 ‖·‖₂
                                                14.8299
   3  xW1     matmul         1,2     (4×128)    min -1.34829 mean -0.0144037 max 1.38895 ‖·‖₂ 9.51204
   4  b1      parameter              (128)      min 0 mean 0 max 0 ‖·‖₂ 0
   5  z1      add            3,4     (4×128)    min -1.34829 mean -0.0144037 max 1.38895 ‖·‖₂ 9.51204
   6  h1      relu           5       (4×128)    min 0 mean 0.159149 max 1.38895 ‖·‖₂ 6.53633
   7  W2      parameter              (128×10)   min -0.208336 mean 0.00563866 max 0.208182 ‖·‖₂
                                                4.22752
   8  xW2     matmul         6,7     (4×10)     min -0.842646 mean 0.158581 max 1.01201 ‖·‖₂ 2.50786
   9  b2      parameter              (10)       [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  10  logits  add            8,9     (4×10)     min -0.842646 mean 0.158581 max 1.01201 ‖·‖₂ 2.50786
  11  loss    cross_entropy  10      ()         2.52967
  loss = 2.52967
  
  Backward pass (10 gradients ∂loss/∂node, in reverse order)
  id  name    shape      gradient
  11  loss    ()         1
  10  logits  (4×10)     min -0.238675 mean 2.60209e-18 max 0.0494994 ‖·‖₂ 0.48537
   9  b2      (10)       [-0.173572, -0.161771, -0.171509, 0.0980243, 0.149643, 0.138822, 0.0853777,
                         -0.139296, 0.0869241, 0.0873562]
   8  xW2     (4×10)     min -0.238675 mean 2.60209e-18 max 0.0494994 ‖·‖₂ 0.48537
   7  W2      (128×10)   min -0.313522 mean 9.56978e-19 max 0.113544 ‖·‖₂ 1.52122
   6  h1      (4×128)    min -0.0667121 mean 0.000967171 max 0.0747351 ‖·‖₂ 0.666007
   5  z1      (4×128)    min -0.0566615 mean 3.70412e-05 max 0.0647576 ‖·‖₂ 0.470912
   4  b1      (128)      min -0.118738 mean 0.000148165 max 0.127736 ‖·‖₂ 0.478351
   3  xW1     (4×128)    min -0.0566615 mean 3.70412e-05 max 0.0647576 ‖·‖₂ 0.470912
   2  W1      (784×128)  min -0.112573 mean 0.000154658 max 0.137908 ‖·‖₂ 4.39329
