Lesson 9: 9. Convolution and max pooling, backward
==================================================

The lesson as `backprop lesson 9` prints it: the text of
Lessons/09-convolution-pooling.md, with the computed output of each step in
place of its run blocks. It ends with the numeric check of every gradient
entry.

  $ backprop lesson 9
  # 9. Convolution and max pooling, backward
  
  > A 3×3 kernel slides over a 5×5 image and a 2×2 max-pool keeps the largest of each window: every
    number forward and back, and why the gradient of a convolution is a correlation with the flipped
    kernel.
  
  A convolutional network replaces the dense layer's "every input times its own weight" with one
  small kernel slid over the image: each output is the sum of a window of pixels times the kernel's
  weights, the same weights at every position. A max-pool then keeps the largest number of each
  window. The CNN of `backprop mnist train --model cnn` is built from exactly these two ops; here
  they run on a 5×5 image of one channel with one 3×3 kernel, small enough to print every number.
  
  The engine stores images channels last, NHWC: (images, rows, columns, channels), and kernels as
  (rows, columns, in channels, out channels). The image and the kernel are written as grids below
  and given their four axes by `reshape`. The image is declared `param` only so that the engine
  computes its gradient too: in a deeper network, that gradient is what flows on to the layer below.
  
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
  
  Why these settings. With `valid` padding and stride 1 the kernel visits the 3×3 positions where
  it fits inside the image, so every output is a plain sum of 9 products and no zero padding gets in
  the way of the first example. The max-pool uses 2×2 windows with stride 1: with the usual stride 2,
  a 3×3 map holds only one whole 2×2 window, and five of the nine numbers of `z` would never be
  looked at. With stride 1 the four windows overlap, every number of `z` is in at least one of them,
  and the middle one is in all four, which shows what happens when one number wins several windows.
  In the MNIST CNN, a ReLU sits between the two ops; it is left out here because it adds nothing
  that lesson 4 did not show.
  
  ## Forward
  
  
      x (parameter) = [[0.1, 0.5, 0.9, 0.3,   0],
                       [0.4,   1, 0.2, 0.6, 0.8],
                       [0.7, 0.3, 0.5, 0.1, 0.9],
                       [0.2, 0.8, 0.6,   1, 0.4],
                       [0.9,   0, 0.3, 0.7, 0.5]]
      K (parameter) = [[ 0.2, -0.1,  0.3],
                       [ 0.5,  0.4, -0.2],
                       [-0.3,  0.1,  0.6]]
      t (constant) = [[0.5, 1, 0.8, 1.2]]
      image = reshape(x, (1×5×5×1)) = [[0.1, 0.5, 0.9, 0.3,   0],
                                       [0.4,   1, 0.2, 0.6, 0.8],
                                       [0.7, 0.3, 0.5, 0.1, 0.9],
                                       [0.2, 0.8, 0.6,   1, 0.4],
                                       [0.9,   0, 0.3, 0.7, 0.5]]
      kernel = reshape(K, (3×3×1×1)) = [[ 0.2, -0.1,  0.3],
                                        [ 0.5,  0.4, -0.2],
                                        [-0.3,  0.1,  0.6]]
      z = conv2d(image, kernel; stride 1, valid) = [[0.92, 0.58, 0.73],
                                                    [0.79, 1.11, 0.49],
                                                    [0.47, 0.93, 1.26]]
      p = maxpool2d(z; 2×2, stride 1) = [[1.11, 1.11],
                                         [1.11, 1.26]]
      f = reshape(p, (1×4)) = [[1.11, 1.11, 1.11, 1.26]]
      loss = mean((f − t)²) = 0.120975
  
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
    `dz[i,j]·K[a,b]` from every window that covered it: `dx[p,q] = Σ dz[i,j]·K[p−i, q−j]`. The index
    of K runs backwards as that of dz runs forwards, so this is dz, ringed with 2 zeros (the windows
    that hang off the edge), correlated with the kernel rotated by 180 degrees. Put simply: every
    output's gradient stamps a copy of the kernel, scaled by it, onto the window it came from, and the
    stamps add up. Here, 0.515·K on the window of `z[1,1]` and 0.03·K on that of `z[2,2]`.
  
  With a stride s the same holds after spreading dz out with s − 1 zeros between its entries; with
  `same` padding the ring is thinner by the padding; with several channels the flipped kernel also
  swaps its in and out channels. The explainer evaluates these maps with its own loops.
  
      dloss = ∂loss/∂loss = 1   (backward starts here)
  
      df = ∂loss/∂f   (f is an input of loss itself)
        local ∂loss/∂f, from mse: L = (1/N) Σ (ŷᵢ − yᵢ)²: ∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/N and ∂L/∂yᵢ = −2(ŷᵢ −
            yᵢ)/N
        df = dloss ⊙ 2 ⊙ (f − t) / N
           = 1 ⊙ 2 ⊙ ([[1.11, 1.11, 1.11, 1.26]] − [[0.5, 1, 0.8, 1.2]]) / 4
           = [[0.305, 0.055, 0.155, 0.03]]
  
      dp = ∂loss/∂p = df · ∂f/∂p
        local ∂f/∂p, from reshape: reshaping moves no numbers: the gradient is reshaped back
        dp = reshape(df, shape of p)
           = [[0.305, 0.055, 0.155, 0.03]]
           = [[0.305, 0.055],
              [0.155,  0.03]]
  
      dz = ∂loss/∂z = dp · ∂p/∂z
        local ∂p/∂z, from maxpool2d: ∂max(a, b, …)/∂a = 1 if a is the largest, else 0: the gradient
            goes to each window's maximum (a tie is a kink)
          route_to_max: each window's gradient goes to the position of its maximum (the first one on a
              tie); every other position gets 0, and a position that is the maximum of several windows
              adds up their gradients
        dz = route_to_max(dp, z)
           = route_to_max([[0.305, 0.055], [0.155, 0.03]], [[0.92, 0.58, 0.73], [0.79, 1.11, 0.49],
               [0.47, 0.93, 1.26]])
           = [[0,     0,    0],
              [0, 0.515,    0],
              [0,     0, 0.03]]
  
      dkernel = ∂loss/∂kernel = dz · ∂z/∂kernel
        local ∂z/∂kernel, from conv2d: Y[n,i,j,f] = Σ_{a,b,c} x[n, i·s+a, j·s+b, c]·K[a,b,c,f]: each
            weight K[a,b,c,f] meets the input pixel under it in every window, and each input pixel
            meets the weights of every window that covers it
          correlate_windows: dK[a,b,c,f] = Σ_{n,i,j} x[n, i·s+a, j·s+b, c]·dY[n,i,j,f]: the input
              correlated with dY (spread out by the stride)
        dkernel = correlate_windows(image, dz)
                = [[  0.53,  0.106,  0.336],
                   [0.1725, 0.2875, 0.0635],
                   [ 0.421,   0.33,   0.53]]
  
      dimage = ∂loss/∂image = dz · ∂z/∂image
        local ∂z/∂image, from conv2d: Y[n,i,j,f] = Σ_{a,b,c} x[n, i·s+a, j·s+b, c]·K[a,b,c,f]: each
            weight K[a,b,c,f] meets the input pixel under it in every window, and each input pixel
            meets the weights of every window that covers it
          pad: dY with stride − 1 zeros between its entries and zeros around it: kernel size − 1 − the
              forward padding on each side (more below and right when the forward dropped rows)
          flip: the kernel rotated by 180 degrees (K[a,b,c,f] moves to [KH−1−a, KW−1−b, f, c])
          correlate: slides the second argument over the first, stride 1, and sums the products in
              each window
          where padded = pad(dz) = [[0, 0, 0,     0,    0, 0, 0],
                                    [0, 0, 0,     0,    0, 0, 0],
                                    [0, 0, 0,     0,    0, 0, 0],
                                    [0, 0, 0, 0.515,    0, 0, 0],
                                    [0, 0, 0,     0, 0.03, 0, 0],
                                    [0, 0, 0,     0,    0, 0, 0],
                                    [0, 0, 0,     0,    0, 0, 0]]
          where flipped = flip(kernel) = [[ 0.6,  0.1, -0.3],
                                          [-0.2,  0.4,  0.5],
                                          [ 0.3, -0.1,  0.2]]
        dimage = correlate(padded, flipped)
               = [[0,       0,       0,      0,      0],
                  [0,   0.103, -0.0515, 0.1545,      0],
                  [0,  0.2575,   0.212, -0.106,  0.009],
                  [0, -0.1545,  0.0665,  0.321, -0.006],
                  [0,       0,  -0.009,  0.003,  0.018]]
  
      dK = ∂loss/∂K = dkernel · ∂kernel/∂K
        unrolled, the local steps from the loss down to K multiply into its whole chain:
        ∂loss/∂K = ∂loss/∂f · ∂f/∂p · ∂p/∂z · ∂z/∂kernel · ∂kernel/∂K
        local ∂kernel/∂K, from reshape: reshaping moves no numbers: the gradient is reshaped back
        dK = reshape(dkernel, shape of K)
           = [[  0.53,  0.106,  0.336],
              [0.1725, 0.2875, 0.0635],
              [ 0.421,   0.33,   0.53]]
  
      dx = ∂loss/∂x = dimage · ∂image/∂x
        local ∂image/∂x, from reshape: reshaping moves no numbers: the gradient is reshaped back
        dx = reshape(dimage, shape of x)
           = [[0,       0,       0,      0,      0],
              [0,   0.103, -0.0515, 0.1545,      0],
              [0,  0.2575,   0.212, -0.106,  0.009],
              [0, -0.1545,  0.0665,  0.321, -0.006],
              [0,       0,  -0.009,  0.003,  0.018]]
  
  ## Checked three ways
  
  The derivation above (the explainer's loops), the engine's backward pass (im2col and a matrix
  product for the convolution, the argmax kept from the forward pass for the max-pool) and a central
  finite difference for every entry:
  
      gradient  shape      checked  worst rel. error  entries  status
      df        (1×4)            4            <1e-11  4 PASS   PASS
      dp        (1×2×2×1)        4            <1e-11  4 PASS   PASS
      dz        (1×3×3×1)        9            <1e-11  9 PASS   PASS
      dkernel   (3×3×1×1)        9             <1e-9  9 PASS   PASS
      dimage    (1×5×5×1)       25            <1e-10  25 PASS  PASS
      dK        (3×3)            9             <1e-9  9 PASS   PASS
      dx        (5×5)           25            <1e-10  25 PASS  PASS
  
      check: 85 entries, worst relative error <1e-9, h = 1e-05: PASS
  
  A tie inside a max-pool window is a kink, as ReLU's 0 is: moving one of the tied numbers up makes
  it the maximum, moving it down hands the window to the other, and the finite difference measures
  half a slope. The checker notices that the winner of a window changed between its two runs and
  reports such entries as KINK, not as failures. The numbers here have no ties.
  
