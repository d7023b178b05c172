Getting around the backprop tool
================================

Every command of `backprop` explains itself: `--help` after a command, or
`backprop help COMMAND`, prints what it does and every option it takes. With
nothing after it, `backprop` lists its commands.

  $ backprop --help
  backprop 0.1.0: learn backpropagation step by step, then train a real network on MNIST
  
  Usage: backprop COMMAND [options]
  
  Lessons walk through a small network's forward and backward pass, printing every intermediate value
  and gradient and checking each gradient numerically. The same engine trains a network on the real
  MNIST digits.
  
  Commands:
    trace               print every forward value and every gradient of a network
    explain             derive every gradient by the chain rule, with the numbers put in, and check it
    gradcheck           check every parameter's gradient against finite differences
    graph               write a network's computation graph in Graphviz DOT (or SVG through dot)
    step                take optimizer steps on a network and print every parameter before and after
    page                write a web page that steps through a network, every number on it
    functions           list the functions a network file (and explain --expr) can call
    lesson              list the lessons, or run one: narration with every computed step
    regress             fit a line y = w·x + b to noisy points with Adam, on the same engine
    mnist info          the data's shapes, pixel range, labels and statistics, and a digit drawn
    mnist download      fetch the four MNIST files from public mirrors and verify them
    mnist train         train a network on MNIST with the Keras tutorial's recipe and report the test
                        accuracy
    mnist evaluate      test loss, accuracy, confusion matrix and per-digit accuracy of a checkpoint
    mnist predict       draw a digit and print the model's ten probabilities for it
    mnist gradcheck     check the real model's backpropagation against finite differences in Double
    mnist trace         one forward and backward pass of the real model on a digit, traced
    bench               time the MNIST training and the scalar engine against this machine's peak
    help [COMMAND...]   show help for a command, like 'COMMAND --help'
  
  Options:
    -h, --help          show this help, or a command's with 'COMMAND --help'
        --version       print the version and exit
  
  Run 'backprop help COMMAND' for the options of a command.

`--version` prints the version and nothing else, so scripts can read it.

  $ backprop --version
  backprop 0.1.0
