Hint: the mean over the batch
=============================

The loss of a batch of 4 is the mean of the 4 samples' cross-entropies, so the famous p − y is
divided by 4:

  $ backprop check Transcripts/fixtures/check/softmax-batch.net
  Stated gradients of Transcripts/fixtures/check/softmax-batch.net, from the loss back:
    dlogits  (4×3)  WRONG (max diff 0.5, 12 of 12 entries)
    db       (3)    WRONG (max diff 0.19, 3 of 3 entries), because dlogits is wrong
    dW       (3×3)  WRONG (max diff 0.66, 9 of 9 entries), because dlogits is wrong
  
  dlogits, the entries furthest off:
    entry            stated   backward    numeric
    dlogits[1,2]   -0.66489  -0.166223  -0.166223
    dlogits[2,1]  -0.536037  -0.134009  -0.134009
    dlogits[0,0]  -0.496882  -0.124221  -0.124221
  
  Hint: dlogits is 4× too large: the loss is a mean over the batch of 4, so its gradient carries a
        factor 1/4
  ! backprop: 3 of 3 stated gradients are not right yet: dlogits (wrong), db (wrong), dW (wrong)
  [exit 1]
