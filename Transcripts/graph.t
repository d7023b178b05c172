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

Lesson 8's graph is the MNIST model its program builds, on four test images; `--dot`
without a file (or with `-`) writes the DOT to standard output:

  $ backprop graph 8 --dot out/graph-mnist-batch.dot
  wrote out/graph-mnist-batch.dot (12 nodes)

  $ backprop graph 8 --dot
  digraph "08-mnist-batch.md" {
    rankdir=LR;
    node [shape=box, fontname="Helvetica", fontsize=11];
    edge [color="#555555"];
    n0 [label="x  (input)\nshape (4×28×28)", color="#888888"];
    n1 [label="x_flat  [reshape]\nshape (4×784)"];
    n2 [label="W1  (parameter)\nshape (784×128)", style=bold];
    n3 [label="xW1  [matmul]\nshape (4×128)"];
    n4 [label="b1  (parameter)\nshape (128)", style=bold];
    n5 [label="z1  [add]\nshape (4×128)"];
    n6 [label="h1  [relu]\nshape (4×128)"];
    n7 [label="W2  (parameter)\nshape (128×10)", style=bold];
    n8 [label="xW2  [matmul]\nshape (4×10)"];
    n9 [label="b2  (parameter)\nshape (10)", style=bold];
    n10 [label="logits  [add]\nshape (4×10)"];
    n11 [label="loss  [cross_entropy]\nvalue 2.53\ngrad 1", peripheries=2];
    n0 -> n1;
    n1 -> n3;
    n2 -> n3;
    n3 -> n5;
    n4 -> n5;
    n5 -> n6;
    n6 -> n8;
    n7 -> n8;
    n8 -> n10;
    n9 -> n10;
    n10 -> n11;
  }

--svg FILE renders the same DOT through Graphviz's `dot` when it is installed;
when it is not, the command says so in one line and exits with 1 (the DOT is
always available with --dot). What it prints depends on the machine, so it
is not recorded here.
