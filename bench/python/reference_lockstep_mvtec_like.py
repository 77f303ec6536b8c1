#!/usr/bin/env python3
"""The reference's side of the lockstep comparison on the MVTec-AD stand-in (bench/lockstep-mvtec-like.sh).

The authors' code (liznerski/fcdd) set up exactly as bench/python/reference_fcdd_mvtec_like.py sets
it up (its DefaultMvtecConfig on one stand-in class: lcnaug1 240 -> 224, confetti through its online
supervisor, the per-pixel loss, SGD Nesterov lr 1e-3 wd 1e-4 x0.985 per epoch, gauss_std 12,
FCDD_CNN224_VGG_NOPT), trained by the same steps as its FCDDTrainer.train (acc_batches 1), and
tested by its own FCDDTrainer.test. Besides, it writes what our side needs to take the very same
steps, so that seeds, random augmentation and random confetti no longer separate the two:

  init.safetensors   the net's initial state_dict (features.*, conv_final.*, BatchNorm statistics)
  train.safetensors  every training batch as the reference's loader gave it: step.<k>.input
                     [n,3,224,224], step.<k>.gtmaps [n,1,224,224], step.<k>.labels [n]
  test.safetensors   the test set in loader order: input [N,3,224,224], labels [N], the original
                     240 x 240 masks (gtmaps, as its pixel AUC counts them) and the reference's
                     own eval-mode anomaly maps (heatmaps [N,1,28,28], before upsampling)
  reference.json     the loss and epoch of every step, each epoch's learning rate, and its own
                     sample and pixel ROC-AUC from FCDDTrainer.test
"""
import importlib.util
import json
import os

from reference_fcdd_mvtec_like import parser, reference_args
from reference_imports import trainer_setup


def safetensors_writer():
    """bin/export-vgg11-bn.py's writer (its file name is not a module name)."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "bin", "export-vgg11-bn.py")
    spec = importlib.util.spec_from_file_location("export_vgg11_bn", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_safetensors


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder for the tensors and reference.json")
    a = p.parse_args()
    args, name, _ = reference_args(a)
    import torch
    from fcdd.training.super_trainer import SuperTrainer

    write = safetensors_writer()
    os.makedirs(a.out, exist_ok=True)
    trainer = SuperTrainer(**trainer_setup(args, a.normal_class)).trainer
    net, opt, sched = trainer.net, trainer.opt, trainer.sched
    state = {k: v for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    write(state, os.path.join(a.out, "init.safetensors"), {"net": type(net).__name__})

    # FCDDTrainer.train's steps (bases.BaseADTrainer.train with acc_batches 1), each batch kept.
    batches, losses, rates, epoch_of_step = {}, [], [], []
    net.train()
    step = 0
    for epoch in range(a.epochs):
        rates.append(opt.param_groups[0]["lr"])
        for inputs, labels, gtmaps in trainer.train_loader:
            batches[f"step.{step}.input"] = inputs
            batches[f"step.{step}.gtmaps"] = gtmaps
            batches[f"step.{step}.labels"] = labels.float()
            opt.zero_grad()
            outputs = net(inputs)
            loss = trainer.loss(outputs, inputs, labels, gtmaps)
            loss.backward()
            opt.step()
            losses.append(float(loss))
            epoch_of_step.append(epoch)
            step += 1
        sched.step()
    write(batches, os.path.join(a.out, "train.safetensors"), {"steps": str(step)})

    res = trainer.test(())
    net.eval()
    inputs, labels, maps = [], [], []
    with torch.no_grad():
        for x, y, _ in trainer.test_loader:
            inputs.append(x)
            labels.append(y.float())
            maps.append(trainer.anomaly_score(trainer.loss(net(x), x, y, reduce="none")))
    write({"input": torch.cat(inputs), "labels": torch.cat(labels), "heatmaps": torch.cat(maps),
           "gtmaps": trainer.test_loader.dataset.dataset.get_original_gtmaps_normal_class()},
          os.path.join(a.out, "test.safetensors"), {"images": str(sum(len(y) for y in labels))})
    with open(os.path.join(a.out, "reference.json"), "w") as f:
        json.dump({"class": a.normal_class, "class_name": name, "seed": a.seed, "epochs": a.epochs,
                   "batch_size": a.batch_size, "steps": step, "losses": losses, "epoch_of_step": epoch_of_step,
                   "learning_rates": rates, "auc": float(res["roc"]["auc"]),
                   "pixel_auc": float(res["gtmap_roc"]["auc"]), "torch": torch.__version__}, f,
                  indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
