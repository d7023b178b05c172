Hint: a broadcast not summed back
=================================

In `z1 = x @ W1 + b1` the bias b1, a row, is added to every row of the batch; its gradient is
the sum of the rows of dz1. Taking db1 = dz1 leaves one row per sample:

  $ backprop check Transcripts/fixtures/check/relu-bias.net
  Stated gradients of Transcripts/fixtures/check/relu-bias.net, from the loss back:
    dy   (4×2)  exact
    db2  (2)    exact
    dW2  (4×2)  exact
    dh   (4×4)  exact
    dz1  (4×4)  exact
    db1  (4)    shape (4×4), expected (4)
    dW1  (3×4)  exact
  
  Hint: dz1 is right, but db1 is not: db1 has shape (4×4), one row per sample, where b1 is (4): b1 is
        added to every row, so its gradient is the sum of theirs, down the rows (sum(…, axis=0)); its
        column sums are right
  ! backprop: 1 of 7 stated gradients is not right yet: db1 (shape)
  [exit 1]
