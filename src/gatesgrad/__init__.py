"""Gates & Gradients: the numerics, tasks and live figures behind the book."""
