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

The same file given to a resumed run:

  $ backprop mnist train --resume Transcripts/fixtures/trust/overflow-shape.safetensors

A checkpoint's metadata is input too. A batch size of 10^15 would ask for
terabytes before the first step:

  $ backprop mnist train --resume Transcripts/fixtures/trust/huge-batch.safetensors

An optimizer step counter of 2^63 − 1, one step away from overflowing:

  $ backprop mnist train --resume Transcripts/fixtures/trust/huge-step.safetensors

Weights that are not numbers would evaluate to chance (about 11%) while the
metadata boasts of 86%:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust/nan-weights.safetensors

A header nested 100,000 arrays deep:

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust/deep-header.safetensors

Things that are not files
-------------------------

A directory, a device that never ends, a device that takes nothing: each is
named for what it is. (A FIFO, which would block a reader forever, is refused
the same way; the unit tests make one, as this format has no shell.)

  $ backprop mnist evaluate --checkpoint Transcripts/fixtures/trust

  $ backprop mnist predict --checkpoint Transcripts/fixtures/trust/nan-weights.safetensors --image /dev/zero

  $ backprop mnist predict --checkpoint /dev/zero

A directory where the MNIST test labels should be is not "missing":

  $ backprop mnist info --data Transcripts/fixtures/trust/mnist-directory

Nor is a regular file where the folder should be:

  $ backprop mnist info --data Transcripts/fixtures/trust/crlf.pgm

Writing to a device writes in place, never replacing the device with a file,
and a full device is an error (the log is written once before training starts,
so that a bad `--log` is found at once):

  $ backprop mnist train --data Transcripts/fixtures/trust/mnist-tiny --epochs 1 --log /dev/full

  $ backprop mnist train --data Transcripts/fixtures/trust/mnist-tiny --epochs 1 --plot /dev/full

Sizes in headers
----------------

A gzip file of 147 bytes whose IDX header claims 5.4 million images is refused
from its header, before anything is inflated:

  $ backprop mnist info --data Transcripts/fixtures/trust/mnist-bomb

A PNG whose header says 16384 × 16384 is refused from its header, before its
268 million pixels are decoded:

  $ backprop mnist predict --checkpoint Transcripts/fixtures/trust/nan-weights.safetensors --image Transcripts/fixtures/trust/huge.png

A PGM whose header lines end in CR LF, as a Windows editor writes them, reads
like any other (the checkpoint is trained here, on the three tiny images):

  $ backprop mnist train --data Transcripts/fixtures/trust/mnist-tiny --epochs 1 --validation-split 0 --no-timing --checkpoint out/trust-files-tiny.safetensors

  $ backprop mnist predict --checkpoint out/trust-files-tiny.safetensors --image Transcripts/fixtures/trust/crlf.pgm --ascii
