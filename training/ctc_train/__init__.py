"""ctc_train: train @persist/ctc classifiers with PyTorch on data that the library itself produces.

The Python side owns the model, the optimiser and the sample order. Everything that touches pixels
(reading cells, dataset statistics, augmentation, preprocessing, packing) and everything that
measures (fold splits, thresholds, metrics, bundle writing, evaluation through ONNX Runtime) runs in
the TypeScript library, in a Node process that this package spawns and talks to over a pipe
(see ``stream.py`` and ``training/README.md``).
"""

__version__ = "0.1.0"
