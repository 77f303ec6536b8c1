"""Runs the authors' reference implementation (liznerski/fcdd) on Debian's packages: imports, seeds,
training and test, shared by the drivers in this folder."""
import sys
import types


def stub_kornia():
    """The reference imports kornia (not packaged in Debian) for one Gaussian blur; torchvision's
    gaussian_blur computes the same blur."""
    import torchvision.transforms.functional as TF

    def gaussian_blur2d(imgs, kernel_size, sigma):
        return TF.gaussian_blur(imgs, list(kernel_size), list(sigma))

    sys.modules["kornia"] = types.SimpleNamespace(gaussian_blur2d=gaussian_blur2d)


def use_reference(python_dir):
    """Puts the reference checkout's python/ directory first on the path, kornia stubbed."""
    sys.path.insert(0, python_dir)
    stub_kornia()


def seed_everything(seed, threads):
    """The reference seeds nothing: Python, NumPy and torch seeded with the run's seed."""
    import random

    import numpy as np
    import torch

    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def trainer_setup(args, normal_class):
    """The reference's own trainer_setup on parsed runner arguments: the keyword arguments of its
    SuperTrainer (net, optimiser, scheduler, loaders, ...)."""
    import inspect
    import json

    from fcdd.training.setup import trainer_setup as reference_setup

    kwargs = vars(args)
    kwargs["normal_class"] = normal_class
    kwargs["config"] = json.dumps({k: str(v) for k, v in kwargs.items()})
    accepted = inspect.signature(reference_setup).parameters
    return reference_setup(**{k: v for k, v in kwargs.items() if k in accepted})


def train_and_test(args, normal_class, epochs, acc_batches):
    """The reference's SuperTrainer trained and tested on parsed runner arguments; returns the
    test results and the seconds taken."""
    import time

    from fcdd.training.super_trainer import SuperTrainer

    setup = trainer_setup(args, normal_class)
    start = time.time()
    trainer = SuperTrainer(**setup)
    trainer.train(epochs, None, acc_batches=acc_batches)
    res = trainer.test(())
    return res, time.time() - start
