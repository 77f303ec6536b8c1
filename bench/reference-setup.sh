# Sourced by the scripts that run the authors' reference implementation (liznerski/fcdd) on the
# MVTec-AD stand-in (from the repository root): checks REFERENCE, sets python (PYTHON, default
# /usr/bin/python3, Debian's) and installs the Debian packages it needs, builds the stand-in
# (bin/make-mvtec-like.py, seed 0) where it is missing, and sets standin_sha (its PNG files'
# digest) and commit (the reference checkout's).
: "${REFERENCE:?set REFERENCE to a checkout of liznerski/fcdd}"
[ -d "$REFERENCE/python/fcdd" ] || { echo "$REFERENCE: no python/fcdd: not a liznerski/fcdd checkout" >&2; exit 2; }
python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c 'import torch, torchvision, sklearn, cv2, skimage, matplotlib, tqdm' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    python3-torch python3-torchvision python3-sklearn python3-opencv python3-skimage \
    python3-matplotlib python3-tqdm python3-pil
fi
if [ ! -f target/mvtec-like/make-mvtec-like.json ]; then
  "$python" bin/make-mvtec-like.py target/mvtec-like --seed 0 --train 30 --test-good 10 --per-defect 5
fi
standin_sha="$(cd target/mvtec-like && find . -type f -name '*.png' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
commit="$(git -C "$REFERENCE" rev-parse HEAD 2>/dev/null || echo unknown)"
