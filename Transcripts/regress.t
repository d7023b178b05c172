Fitting a line with the same engine
===================================

The Keras tutorial ends with a linear regression: a single dense unit,
y = w·x + b, fitted by Adam with a learning rate of 0.01 for 100 epochs to
points scattered around a line. `backprop regress` does the same on the
engine the lessons trace (lesson 6 runs this very code). The points come from
a seed, so every run prints the same numbers. `--every 10` prints every tenth
epoch's loss instead of all hundred.

  $ backprop regress --every 10
  Linear regression y = w·x + b, fitted by Adam (learning rate 0.01)
  data:  200 points around y = 2·x + 1, noise σ 0.1, x uniform in [-1, 1), seed 42
  start: w = 0.3064, b = 0 (Glorot-uniform w, zero b)
  
  epoch      loss       w        b
  -----  --------  ------  -------
      1     1.969  0.3755  0.06874
     10    0.6306  0.9424   0.5921
     20    0.1477   1.427   0.9001
     30   0.03734    1.73   0.9838
     40   0.01384   1.888   0.9926
     50  0.009892   1.956   0.9936
     60  0.009404   1.981   0.9945
     70  0.009356    1.99   0.9918
     80  0.009355   1.994   0.9933
     90  0.009365   1.989   0.9954
    100   0.00936    1.99   0.9937
  
             w       b  mse on the points
  ------  ----  ------  -----------------
  fitted  1.99  0.9937           0.009355
  truth      2       1           0.009432
  
     x   fitted y  true y
  ----  ---------  ------
    -1     -0.996      -1
  -0.5  -0.001157       0
     0     0.9937       1
   0.5      1.989       2
     1      2.983       3

The loss settles at the noise level: the fitted line explains the points as
well as the true one does.

A learning rate must be positive:

  $ backprop regress --lr 0
  ! backprop: --lr expects a number > 0, got '0'
  ! Run 'backprop regress --help' for usage.
  [exit 1]
