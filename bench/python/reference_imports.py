"""Makes the authors' reference implementation (liznerski/fcdd) importable on Debian's packages."""
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
