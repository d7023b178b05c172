The computation graph
=====================

`backprop graph FILE|LESSON` writes the graph in Graphviz DOT: on standard
output, or to a file with --dot.

  $ backprop graph 1
  digraph "01-one-neuron.md" {
    rankdir=LR;
    node [shape=box, fontname="Helvetica", fontsize=11];
    edge [color="#555555"];
    n0 [label="x  (input)\nvalue [[1.5]]", color="#888888"];
    n1 [label="t  (constant)\nvalue [[2]]", color="#888888"];
    n2 [label="w  (parameter)\nvalue [[0.8]]\ngrad [[-1.8]]", style=bold];
    n3 [label="b  (parameter)\nvalue [0.2]\ngrad [-1.2]", style=bold];
    n4 [label="xw  [multiply]\nvalue [[1.2]]\ngrad [[-1.2]]"];
    n5 [label="y  [add]\nvalue [[1.4]]\ngrad [[-1.2]]"];
    n6 [label="e  [subtract]\nvalue [[-0.6]]\ngrad [[-1.2]]"];
    n7 [label="sq  [pow]\nvalue [[0.36]]\ngrad [[1]]"];
    n8 [label="loss  [sum]\nvalue 0.36\ngrad 1", peripheries=2];
    n0 -> n4;
    n2 -> n4;
    n4 -> n5;
    n3 -> n5;
    n5 -> n6;
    n1 -> n6;
    n6 -> n7;
    n7 -> n8;
  }

  $ backprop graph 2 --dot out/graph-two-layer.dot
  wrote out/graph-two-layer.dot (16 nodes)

Lesson 8's graph is the MNIST model its program builds, on four test images:

  $ backprop graph 8 --dot out/graph-mnist-batch.dot
  wrote out/graph-mnist-batch.dot (12 nodes)

--svg FILE renders the same DOT through Graphviz's `dot` when it is installed;
when it is not, the command says so in one line and exits with 1 (the DOT is
always available with --dot). What it prints depends on the machine, so it
is not recorded here.
