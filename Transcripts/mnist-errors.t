When MNIST files or checkpoints are wrong
=========================================

Every problem with a file is one line on standard error that names the file
and says what was expected, and the exit code is 1. The folders under
`Transcripts/fixtures/mnist` hold tiny hand-made IDX files, each folder with
one kind of damage.

A file that stops before the header's count of images:

  $ backprop mnist info --data Transcripts/fixtures/mnist/truncated
  ! backprop: Transcripts/fixtures/mnist/truncated/train-images-idx3-ubyte: header says 3 images of 28x28 (2368 bytes with the header) but file holds 1684 bytes (2 whole images)
  [exit 1]

A labels file whose magic number says it holds images:

  $ backprop mnist info --data Transcripts/fixtures/mnist/wrong-magic
  ! backprop: Transcripts/fixtures/mnist/wrong-magic/t10k-labels-idx1-ubyte: expected magic 0x00000801 (rank 1) but found 0x00000803 (rank 3) (an image file?)
  [exit 1]

More images than labels:

  $ backprop mnist info --data Transcripts/fixtures/mnist/count-mismatch
  ! backprop: Transcripts/fixtures/mnist/count-mismatch/train-images-idx3-ubyte, Transcripts/fixtures/mnist/count-mismatch/train-labels-idx1-ubyte: image and label counts differ: train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds 2 labels
  [exit 1]

A gzip file whose compressed bytes are damaged:

  $ backprop mnist info --data Transcripts/fixtures/mnist/corrupt-gzip
  ! backprop: Transcripts/fixtures/mnist/corrupt-gzip/train-labels-idx1-ubyte.gz: corrupt gzip data after 15 compressed bytes: zlib: invalid literal/length code
  [exit 1]

A missing file, with where it was looked for and how to get it:

  $ backprop mnist info --data Transcripts/fixtures/mnist/missing
  ! backprop: t10k-labels-idx1-ubyte.gz: MNIST file not found; looked in --data Transcripts/fixtures/mnist/missing (missing t10k-labels-idx1-ubyte.gz); get the files with `backprop mnist download`, or pass --data DIR / set MNIST_DIR to a folder holding a copy
  [exit 1]

Damaged checkpoints
-------------------

A checkpoint cut short (the first 4096 bytes of a real one):

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/checkpoints/truncated.safetensors
  ! backprop: Transcripts/fixtures/checkpoints/truncated.safetensors: tensor 'W1': data_offsets end at byte 401408 but the data holds only 2632 bytes (file truncated?)
  [exit 1]

A file that is not a checkpoint at all:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/mnist/README.md
  ! backprop: Transcripts/fixtures/mnist/README.md: header length 7306916042843103267 is beyond the format's limit of 8388608 bytes; not a safetensors file?
  [exit 1]

A checkpoint that is not there:

  $ backprop mnist predict --checkpoint out/no-such-checkpoint.safetensors
  ! backprop: out/no-such-checkpoint.safetensors: cannot read the checkpoint: no such file or directory
  [exit 1]

A checkpoint of another model: resuming a batch-normalized run as the plain
one is refused, and so is changing its recipe.

  $ backprop mnist train --model mlp-bn --limit 100 --epochs 1 --batch-size 50 --test-limit 10 \
  > --no-timing --checkpoint out/mnist-errors-bn.safetensors
  mlp-bn: Flatten → Dense 128 ReLU → BatchNormalization → Dense 10 softmax, 102026 parameters
  training on 80 images, validating on the last 20; Adam(η 0.001, β1 0.9, β2 0.999, ε 1e-07), batch
  50, seed 1
  epoch 1/1 - loss: 2.6917 - accuracy: 0.1750 - val_loss: 2.1402 - val_accuracy: 0.3000
  epoch 1: val_accuracy improved from -inf to 0.3, saved out/mnist-errors-bn.safetensors
  test: loss: 2.234 - accuracy: 0.2 (10 images)
  best val_accuracy 0.3 at epoch 1, kept in out/mnist-errors-bn.safetensors

  $ backprop mnist train --resume out/mnist-errors-bn.safetensors --model mlp
  ! backprop: out/mnist-errors-bn.safetensors is a checkpoint of model mlp-bn, not mlp
  [exit 1]

  $ backprop mnist train --resume out/mnist-errors-bn.safetensors --batch-size 32
  ! backprop: --batch-size 32 differs from the batch size 50 of the run in out/mnist-errors-bn.safetensors; a resumed run keeps its recipe
  [exit 1]

A run that diverges
-------------------

A learning rate far too large makes the loss overflow; training stops at
once, naming the epoch and the step, before that step's update.

  $ backprop mnist train --limit 300 --epochs 3 --optimizer sgd --lr 1e6 --test-limit 10 \
  > --no-timing --checkpoint out/mnist-errors-nan.safetensors
  mlp: Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model), 101770 parameters
  training on 240 images, validating on the last 60; SGD(η 1000000), batch 32, seed 1
  ! backprop: epoch 1, step 5/8: the loss is nan; training stopped before this step's update; no checkpoint was written
  [exit 1]

Wrong values for flags
----------------------

A value outside a flag's range is well-formed but unusable: the tool says
what the flag expects and exits with code 1. A value that is not one of the
allowed words is a mistake in the command line itself (exit code 2).

  $ backprop mnist train --validation-split 1.5
  ! backprop: --validation-split expects a number in [0, 1), got '1.5'
  ! Run 'backprop mnist train --help' for usage.
  [exit 1]

  $ backprop mnist train --batch-size 0
  ! backprop: --batch-size expects an integer in [1, 60000], got '0'
  ! Run 'backprop mnist train --help' for usage.
  [exit 1]

  $ backprop mnist train --model mlp-deep
  ! backprop: --model expects one of mlp, mlp-bn, mlp-wide, cnn, cnn-wide, got 'mlp-deep'
  ! Run 'backprop mnist train --help' for usage.
  [exit 2]

A value in range for its flag can still be out of range for the data: there are
60,000 training images, numbered from 0. The message comes alone, before any of
the report is printed.

  $ backprop mnist info --index 60000
  ! backprop: --index 60000 is past the last training image (59999)
  [exit 1]
