Watching a network learn, and MNIST as pictures
===============================================

`backprop page FILE --train N` adds to the page a timeline of N optimizer steps, the
same steps `backprop step` takes (`--optimizer`, `--lr`, the same defaults): a slider
over the steps, the loss curve, every parameter's value and gradient at the chosen
step, and for a network of two inputs and one or two outputs the output over the input
plane with the data points, as TensorFlow Playground draws it.

XOR: four points that no straight line separates, learnt by a hidden layer of four
tanh units in 200 Adam steps. The loss the page shows at a step is the one `step`
prints in its row, and the parameters are its columns:

  $ backprop page Lessons/xor.net --train 200 --optimizer adam --lr 0.1 -o out/page-train-xor.html
  wrote out/page-train-xor.html (28 steps); open it in a browser

  $ backprop step Lessons/xor.net --optimizer adam --lr 0.1 --steps 3
  3 Adam steps on Lessons/xor.net, η = 0.1:
    m ← β1·m + (1 − β1)·dθ;  v ← β2·v + (1 − β2)·dθ²;  θ ← θ − η·m̂/(√(v̂) + ε̂)
    m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), ε̂ = ε/√(1 − β2ᵗ) at step t
    β1 = 0.9, β2 = 0.999, ε = 1e-07; m and v start at 0
  
   step  loss before
  -----  -----------
      1     0.254446
      2     0.248586
      3     0.244957
  after     0.238718
  
  entry    before  gradient at step 1  after 3 steps
  -------  ------  ------------------  -------------
  W1[0,0]     0.5           0.0174971       0.339637
  W1[0,1]    -0.4          -0.0153757      -0.285629
  W1[0,2]     0.3         -0.00211032       0.576309
  W1[0,3]    -0.6           0.0177915      -0.736633
  W1[1,0]    -0.3          0.00388992      -0.338289
  W1[1,1]     0.6          -0.0110022       0.807097
  W1[1,2]     0.5         -0.00313509       0.787092
  W1[1,3]     0.2           0.0111299       0.199847
  b1[0]       0.1           0.0244404     -0.0862939
  b1[1]      -0.1          -0.0263284       0.108595
  b1[2]         0          0.00692658     -0.0254579
  b1[3]       0.2           0.0288542      0.0638077
  W2[0,0]     0.6           0.0129303       0.372283
  W2[1,0]    -0.5         -0.00512977      -0.208361
  W2[2,0]     0.4           0.0046251       0.438325
  W2[3,0]     0.7         -0.00424556       0.722098
  b2[0]         0           0.0311287     -0.0691303

A network of another shape gets the loss curve and the parameters, without a plane:

  $ backprop page 1 --train 20 --lr 0.1 -o out/page-train-lesson-1.html
  wrote out/page-train-lesson-1.html (16 steps); open it in a browser

`--lr` and `--optimizer` belong to `--train`, and `--train` needs a network to step,
which lesson 8's program does not give:

  $ backprop page 2 --lr 0.5
  ! backprop: --lr and --optimizer set the optimizer of --train N; give --train too
  ! Run 'backprop page --help' for usage.
  [exit 2]

  $ backprop page 8 --train 5
  ! backprop: lesson 8 (mnist-batch) has no network block: its steps are Swift programs; run it with 'backprop lesson 8'
  [exit 1]

For an MNIST model the page draws the images: each input digit, its ten probabilities
as bars, the gradient of the loss with respect to its pixels, and the first layer's
weights as 128 images of 28×28. Lesson 8's page has its four test digits; `mnist
trace --page` draws one training image through the model of a checkpoint or a new one,
in Double so that every gradient can be checked:

  $ backprop page 8 -o out/page-train-lesson-8.html
  wrote out/page-train-lesson-8.html (22 steps, 1.4 MB); open it in a browser

  $ backprop mnist trace --index 3 --page out/page-train-mnist-3.html
  wrote out/page-train-mnist-3.html (22 steps, 1.3 MB); open it in a browser
