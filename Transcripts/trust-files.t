Files that lie, loop or never end
=================================

Everything `backprop` reads from a file is input, and input can be wrong in
ways a typo never is: sizes that overflow, counters from the far future,
numbers that are not numbers, things that look like files and are not. Each
gets one line on standard error naming the file and what was expected, and
exit code 1; none crashes the tool, hangs it, or makes it allocate what the
file merely claims. The fixtures are in `Transcripts/fixtures/trust` (see the
README there).

Checkpoints
-----------

A tensor whose shape multiplies to more than 2^63 elements (three dimensions
of 2^31 − 1) over 4 bytes of data:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust/overflow-shape.safetensors
  ! backprop: Transcripts/fixtures/trust/overflow-shape.safetensors: tensor 'W1': data_offsets [0, 4] hold 4 bytes but shape [2147483647, 2147483647, 2147483647] of F32 needs more than 2^63 bytes
  [exit 1]

The same file given to a resumed run:

  $ backprop mnist train --resume Transcripts/fixtures/trust/overflow-shape.safetensors
  ! backprop: Transcripts/fixtures/trust/overflow-shape.safetensors: tensor 'W1': data_offsets [0, 4] hold 4 bytes but shape [2147483647, 2147483647, 2147483647] of F32 needs more than 2^63 bytes
  [exit 1]

A checkpoint's metadata is input too. A batch size of 10^15 would ask for
terabytes before the first step:

  $ backprop mnist train --resume Transcripts/fixtures/trust/huge-batch.safetensors
  ! backprop: Transcripts/fixtures/trust/huge-batch.safetensors: __metadata__ 'batch_size' is '1000000000000000'; expected 1...60000
  [exit 1]

An optimizer step counter of 2^63 − 1, one step away from overflowing:

  $ backprop mnist train --resume Transcripts/fixtures/trust/huge-step.safetensors
  ! backprop: Transcripts/fixtures/trust/huge-step.safetensors: __metadata__ 'optimizer_step' is '9223372036854775807'; expected optimizer steps, 0...62502
  [exit 1]

Weights that are not numbers would evaluate to chance (about 11%) while the
metadata boasts of 86%:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust/nan-weights.safetensors
  ! backprop: Transcripts/fixtures/trust/nan-weights.safetensors: tensor 'W1' holds nan at element 1 of 4; a checkpoint's numbers must be finite
  [exit 1]

A header nested 100,000 arrays deep:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust/deep-header.safetensors
  ! backprop: Transcripts/fixtures/trust/deep-header.safetensors: the header is not valid JSON: nesting deeper than 64 at byte 68
  [exit 1]

Things that are not files
-------------------------

A short run on the real digits gives a checkpoint to try images with:

  $ backprop mnist train --limit 64 --epochs 1 --test-limit 9 --no-timing --save out/tf.safetensors
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 51 images, validating on the last 13; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  epoch 1/1 - loss: 2.3438 - accuracy: 0.1176 - val_loss: 2.3817 - val_accuracy: 0.1538
  saved the final model (epoch 1) to out/tf.safetensors
  test: loss: 2.293 - accuracy: 0 (9 images)

A directory, a device that never ends, a device that takes nothing: each is
named for what it is. (A FIFO, which would block a reader forever, is refused
the same way; the unit tests make one, as this format has no shell.)

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust
  ! backprop: Transcripts/fixtures/trust: cannot read the checkpoint: is a directory, not a file
  [exit 1]

  $ backprop mnist predict --checkpoint out/tf.safetensors --image /dev/zero
  ! backprop: /dev/zero: is a character device, not a regular file
  [exit 1]

  $ backprop mnist predict --checkpoint /dev/zero
  ! backprop: /dev/zero: cannot read the checkpoint: is a character device, not a regular file
  [exit 1]

A directory where the MNIST test labels should be is not "missing":

  $ backprop mnist info --data Transcripts/fixtures/trust/mnist-directory
  ! backprop: Transcripts/fixtures/trust/mnist-directory/t10k-labels-idx1-ubyte: is a directory, not a regular file; expected the MNIST file t10k-labels-idx1-ubyte (raw or .gz)
  [exit 1]

Nor is a regular file where the folder should be:

  $ backprop mnist info --data Transcripts/fixtures/crlf.pgm
  ! backprop: train-images-idx3-ubyte.gz: MNIST file not found; looked in --data Transcripts/fixtures/crlf.pgm (is a regular file, not a directory); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy
  [exit 1]

Writing to a device writes in place, never replacing the device with a file,
and a full device is an error (the log is written once before training starts,
so that a bad `--log` is found at once):

  $ backprop mnist train --limit 64 --epochs 1 --log /dev/full
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 51 images, validating on the last 13; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  ! backprop: --log: /dev/full: writing failed: no space left on the device
  [exit 1]

  $ backprop mnist train --limit 64 --epochs 1 --plot /dev/full
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 51 images, validating on the last 13; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  ! backprop: --plot: /dev/full: writing failed: no space left on the device
  [exit 1]

Writing to /dev/null, on the other hand, works, and leaves it a device:

  $ backprop mnist train --limit 64 --epochs 1 --test-limit 9 --no-timing --log /dev/null
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 51 images, validating on the last 13; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  32, seed 1
  epoch 1/1 - loss: 2.3438 - accuracy: 0.1176 - val_loss: 2.3817 - val_accuracy: 0.1538
  test: loss: 2.293 - accuracy: 0 (9 images)

Sizes in headers
----------------

A gzip file of 147 bytes whose IDX header claims 5.4 million images is refused
from its header, before anything is inflated:

  $ backprop mnist info --data Transcripts/fixtures/trust/mnist-bomb
  ! backprop: Transcripts/fixtures/trust/mnist-bomb/train-images-idx3-ubyte.gz: header says 5400000 images; expected at most 1000000
  [exit 1]

A PNG whose header says 16384 × 16384 is refused from its header, before its
268 million pixels are decoded:

  $ backprop mnist predict --checkpoint out/tf.safetensors --image Transcripts/fixtures/huge.png
  ! backprop: Transcripts/fixtures/huge.png: expected a 28x28 image but found 16384x16384; resize it to 28x28 first
  [exit 1]

Line ends
---------

A PGM whose header lines end in CR LF, as a Windows editor writes them, reads
like any other:

  $ backprop mnist predict --checkpoint out/tf.safetensors --image Transcripts/fixtures/crlf.pgm
  Transcripts/fixtures/crlf.pgm
  ┌────────────────────────────────────────────────────────┐
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                ████████████████████████                │
  │                                                        │
  │                                                        │
  │                                                        │
  │                                                        │
  └────────────────────────────────────────────────────────┘
  model mlp after epoch 1 of 1, best val_accuracy 0.1538 at epoch 1, from out/tf.safetensors
  digit  probability
  -----  -----------  ----------
      0      0.05077  ██
      1      0.06607  ███
      2      0.09885  ████
      3       0.2484  ██████████
      4      0.09337  ████
      5      0.07683  ███
      6      0.09908  ████
      7      0.09195  ████
      8      0.07624  ███
      9      0.09846  ████
  prediction: 3 (probability 0.2484)

