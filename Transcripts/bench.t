Timing the works
================

`backprop bench` times the MNIST training (mlp, mlp-wide), the whole process of
one epoch (mlp-process), the scalar engine on micrograd's demo (moons) and the
gradient check (gradcheck), against the peak this machine measures for the GEMM
micro-kernel. Its figures depend on the machine and its load, so only its help
is recorded here.

  $ backprop bench --help
  backprop bench: time the MNIST training and the scalar engine against this machine's peak
  
  Usage: backprop bench [options]
  
  Runs the works and prints, for each, the median seconds over the repetitions, samples per second,
  the achieved GFLOP/s and its fraction of the machine's peak (measured first: the GEMM micro-kernel
  alone on one thread and on all), and whether the goal is met. mlp: one epoch of the tutorial's model
  784-128-10 (Adam, batch 32, 48k training + 12k validation images); mlp-256: the same in batches of
  256; mlp-process: the whole process of one such epoch including loading MNIST (wall time and peak
  memory of a child process); mlp-wide: one epoch of 784-512-256-10; moons: the scalar engine on
  micrograd's demo (MLP 2-16-16-1, 100 two-moons points, 100 SGD steps); gradcheck: the gradient check
  of the tutorial's model, 50 samples per parameter; cnn: one epoch of the CNN (--model cnn) on the
  60,000 training images, then the test set. Not run by default: cnn-wide, cnn with the network of
  torch_cnn.py (--model cnn-wide); kernels, the tutorial model's kernels one by one on one thread and
  on all (with Adam over the wide model's parameters and the products of its second layer).
  
  GFLOP/s count the operations dense products would do; the kernels skip zero inputs (most MNIST
  pixels), so they can exceed what the hardware does. Timings depend on the load: compare ratios
  within one run, on a quiet machine. At the end, the commands that run the same works in PyTorch,
  Keras and JAX (compiled: jit over a lax.scan of the epoch's steps) are printed, to run right after.
  
  --against runs one of them itself: for each of mlp, mlp-256 and mlp-wide, rounds of one run of ours,
  the peer's run right after, and ours again (3 epochs each unless --epochs is given), and prints how
  many times faster ours ran: the peer's seconds per epoch over the mean of our two, which bracket it
  in time. The peer needs its Python environment (the setup commands at the end of a bench).
  
  Options:
        --work LIST               the works to run, comma-separated (text;
                                  default mlp,mlp-256,mlp-process,mlp-wide,moons,gradcheck,cnn)
        --epochs N                epochs per repetition of the training works (mlp, mlp-256, mlp-wide,
                                  cnn, cnn-wide) (integer in [1, 1000]; default 1)
        --repetitions N           repetitions of each work (the median is shown)
                                  (integer in [1, 1000]; default 3)
        --data DIR                the MNIST folder (default: $MNIST_DIR or ../shared/data/mnist)
                                  (path)
        --threads N               threads for the kernels (default: every core) (integer in [1, 256])
        --json                    write the results as JSON
        --no-peak                 skip measuring the peak (for runs inside the whole-process work)
        --keep-subnormals         train with IEEE subnormals, as mnist train --keep-subnormals
        --update-after-backward   update the parameters after backward, not each as soon as its
                                  gradient is final (same numbers)
        --whole-gradients         compute every element of the activations' gradients, also those no
                                  backward reads (same parameter gradients)
        --against jax|pytorch|keras
                                  run this peer's script bracketed by ours and print the ratios
        --python PATH             the peer's Python (default:
                                  ~/.cache/backprop-peers/<peer>/bin/python) (path)
        --rounds N                rounds of each work with --against (the median ratio is shown)
                                  (integer in [1, 100]; default 3)
    -h, --help                    show this help

Against a peer
--------------

`backprop bench --against jax` (or `pytorch`, `keras`) runs the peer's script itself, between two
runs of ours, for each of the works a peer also runs, and prints how many times faster ours ran.
Its timings are not recorded either; what is refused, before anything is timed, is:

  $ backprop bench --against tensorflow
  ! backprop: --against expects one of jax, pytorch, keras, got 'tensorflow'
  ! Run 'backprop bench --help' for usage.
  [exit 2]

  $ backprop bench --against jax --work mlp,moons
  ! backprop: --work: moons has no peer run; --against compares mlp, mlp-256, mlp-wide
  ! Run 'backprop bench --help' for usage.
  [exit 2]

  $ backprop bench --against jax --repetitions 5
  ! backprop: --repetitions does not go with --against: each round runs every side once (see --rounds)
  ! Run 'backprop bench --help' for usage.
  [exit 2]

  $ backprop bench --rounds 5
  ! backprop: --rounds goes with --against (a peer to compare with)
  ! Run 'backprop bench --help' for usage.
  [exit 2]

  $ backprop bench --against jax --python Transcripts/fixtures/no-such-python
  ! backprop: --python: Transcripts/fixtures/no-such-python is not an executable file; install the jax environment with: python3 -m venv ~/.cache/backprop-peers/jax && ~/.cache/backprop-peers/jax/bin/pip install "jax[cpu]" numpy
  [exit 1]
