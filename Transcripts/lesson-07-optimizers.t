Lesson 7: 7. Optimizers side by side
====================================

The lesson as `backprop lesson 7` prints it: the text of Lessons/07-optimizers.md,
with the output of its steps in place of its run blocks; its steps run NN's
optimizers, the ones `backprop` trains with. It ends with the numeric check.

  $ backprop lesson 7
  # 7. Optimizers side by side
  
  > SGD, momentum and Adam on one parameter, a few steps each, with every state variable shown.
  
  One parameter `θ` and the loss `(θ − 0.5)²`, whose minimum is at `θ = 0.5`. Its gradient is
  `g = 2(θ − 0.5)`. Starting from `θ = 2`, three optimizers take five steps each with the same
  learning rate `η = 0.1`:
  
      param  theta = [[2.0]]
      target best  = [[0.5]]
  
      loss = sum((theta - best) ^ 2)
  
  - **SGD** steps by `−η·g`: a fixed fraction of the gradient. Here each step removes 20% of the
    distance to the minimum.
  - **Momentum** keeps a velocity `v ← μ·v − η·g` and steps by it: gradients that keep pointing the
    same way add up (with `μ = 0.9`, up to ten times one step), so it speeds along long slopes, and
    it can overshoot.
  - **Adam** steps by `η·m̂/(√v̂ + ε)`: about `η` per step whatever the gradient's size, in the
    direction of the gradient's running average.
  
      Start: theta = 2, loss = 2.25
  
      SGD, η = 0.1:  theta ← theta − η·g
        t   theta  g = ∂loss/∂theta  theta after  loss after
        1       2                 3          1.7        1.44
        2     1.7               2.4         1.46      0.9216
        3    1.46              1.92        1.268    0.589824
        4   1.268             1.536       1.1144    0.377487
        5  1.1144            1.2288      0.99152    0.241592
  
      Momentum, η = 0.1, μ = 0.9:  v ← μ·v − η·g;  theta ← theta + v
        t   theta  g = ∂loss/∂theta         v  theta after  loss after
        1       2                 3      -0.3          1.7        1.44
        2     1.7               2.4     -0.51         1.19      0.4761
        3    1.19              1.38    -0.597        0.593    0.008649
        4   0.593             0.186   -0.5559       0.0371    0.214276
        5  0.0371           -0.9258  -0.40773     -0.37063    0.757997
  
      Adam, η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-07:
        m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);  theta ←
            theta − η·m̂/(√(v̂) + ε̂)
        t    theta  g = ∂loss/∂theta         m          v        m̂        v̂  theta after  loss after
        1        2                 3       0.3      0.009        3        9          1.9        1.96
        2      1.9               2.8      0.55   0.016831  2.89474  8.41971      1.80024     1.69062
        3  1.80024           2.60048  0.755048  0.0235767  2.78615  7.86675       1.7009     1.44217
        4   1.7009           2.40181  0.919724  0.0293218  2.67439  7.34144       1.6022     1.21484
        5   1.6022            2.2044   1.04819  0.0341518  2.55962  6.84404      1.50436     1.00874
  
      The gradient the three started from, checked:
      gradient               entry  derivation  backward  numeric  rel. error  status
      d((theta - best) ^ 2)  [0,0]           1         1        1      <1e-11  PASS
      d(theta - best)        [0,0]           3         3        3      <1e-11  PASS
      dtheta                 [0,0]           3         3        3      <1e-11  PASS
  
      check: 3 entries, worst relative error <1e-11, h = 1e-05: PASS
  
  SGD closes in steadily, 20% of the remaining distance per step. Momentum starts like SGD, then
  accelerates as each velocity adds to the last, reaches the minimum in three steps, and overshoots:
  the velocity it built up carries it past `0.5`, and it takes the returning gradient several steps
  to turn it around. Adam moves by almost exactly `η = 0.1` per step, because here the gradient
  keeps its sign and `m̂/√v̂` stays close to 1.
  
