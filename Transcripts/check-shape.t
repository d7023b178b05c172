A gradient of the wrong shape
=============================

`sum(dy)` adds up every entry of dy into one number; the bias b2 has 2 entries, and so has its
gradient (`sum(dy, axis=0)` sums down the rows):

  $ backprop check Transcripts/fixtures/check/relu-shape.net
  Stated gradients of Transcripts/fixtures/check/relu-shape.net, from the loss back:
    dy   (4×2)  exact
    db2  (2)    shape (), expected (2)
    dW2  (4×2)  exact
    dh   (4×4)  exact
    dz1  (4×4)  exact
    db1  (4)    exact
    dW1  (3×4)  exact
  
  Hint: dy is right, but db2 is not: db2 has shape (), but b2 is (2): a gradient has its value's shape
  ! backprop: 1 of 7 stated gradients is not right yet: db2 (shape)
  [exit 1]
