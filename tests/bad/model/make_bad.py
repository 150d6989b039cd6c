#!/usr/bin/python3
"""Writes the model files of tests/bad/model/ with h5py: two good ones
(good.h5, kind lstm; good_ensemble.h5, two members) laid out by hand as
docs/design.md §7 and lib/model.h describe, independently of the C writer,
and one damaged variant per way a model file can be wrong. test_model.c
loads each and checks the one-line error. Run from anywhere:

    /usr/bin/python3 tests/bad/model/make_bad.py

The generated files are committed; rerun this after changing it."""
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "parity"))
from check_model_load import tensor_layout  # noqa: E402
FEATURES = ["cpu_utilization", "hour", "cpu_rolling_mean"]
H, L, D = 4, 2, 3  # hidden, layers, head width; attention on


def new_file(path):
    """An empty file with no timestamps in any object, so rerunning this
    script rewrites the same bytes."""
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_obj_track_times(False)
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
    return h5py.File(h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fapl=fapl, fcpl=fcpl))


def new_group(parent, name):
    gcpl = h5py.h5p.create(h5py.h5p.GROUP_CREATE)
    gcpl.set_obj_track_times(False)
    return h5py.Group(h5py.h5g.create(parent.id, name.encode(), gcpl=gcpl))


def put(group, name, data=None, **kw):
    group.create_dataset(name, data=data, track_times=False, **kw)


def reset(obj, name, value, dtype=None):
    """Sets attribute name, deleting it first: h5py replaces an attribute
    through a randomly named temporary that would stay in the file."""
    if name in obj.attrs:
        del obj.attrs[name]
    obj.attrs.create(name, data=value, dtype=dtype)


def put_strings(obj, name, items):
    """A 1-D attribute of fixed-length strings (scaleahead reads no
    variable-length string: see h5_get_string in lib/h5.h)."""
    reset(obj, name, np.array([s.encode() for s in items]))


def put_vlen(obj, name, value):
    reset(obj, name, value, dtype=h5py.string_dtype())


def write_config(g, hidden=H, layers=L, head=D, attention=1, features=FEATURES):
    g.attrs["arch"] = np.bytes_("attention")
    g.attrs["target"] = np.bytes_("cpu_utilization")
    g.attrs["data_file"] = np.bytes_("data/multi_metric_data.csv")
    g.attrs["data_hash"] = np.bytes_("0123456789abcdef")
    for name, value in [("hidden", hidden), ("layers", layers), ("head", head),
                        ("seq_len", 12), ("horizon", 1), ("attention", attention),
                        ("batch", 32), ("epochs", 50), ("seed", 42), ("epochs_run", 5),
                        ("best_epoch", 3), ("interrupted", 0)]:
        g.attrs[name] = np.int32(value)
    g.attrs["dropout"] = np.float64(0.2)
    g.attrs["lr"] = np.float64(1e-3)
    g.attrs["split"] = np.array([0.7, 0.85])
    g.attrs["step_seconds"] = np.int64(300)
    g.attrs["split_time"] = np.array([0, 3600, 7200, 9000], dtype=np.int64)
    put_strings(g, "features", features)


def tensors(hidden=H, layers=L, head=D, attention=1, n_in=len(FEATURES)):
    """The state_dict names and shapes of the network (model_expected_tensors)."""
    return tensor_layout(hidden, layers, head, attention, n_in)


def write_member(g, seed, **net):
    write_config(new_group(g, "config"), **net)
    w = new_group(g, "weights")
    rng = np.random.default_rng(seed)
    for name, shape in tensors(**net):
        put(w, name, rng.uniform(-0.5, 0.5, size=shape).astype(np.float32))
    h = new_group(g, "history")
    put(h, "train_loss", np.linspace(1.0, 0.2, 5, dtype=np.float32))
    put(h, "val_loss", np.linspace(1.1, 0.3, 5, dtype=np.float32))
    put(h, "lr", np.full(5, 1e-3, dtype=np.float32))


def write_root(f, kind):
    f.attrs["format"] = np.bytes_("scaleahead-model")
    f.attrs["format_version"] = np.int32(1)
    f.attrs["kind"] = np.bytes_(kind)
    f.attrs["created"] = np.bytes_("2026-01-01T00:00:00Z")
    f.attrs["scaleahead_version"] = np.bytes_("0.1.0")
    s = new_group(f, "scaler")
    put(s, "min", np.array([0.0, 0.0, 5.0], dtype=np.float32))
    put(s, "max", np.array([100.0, 23.0, 95.0], dtype=np.float32))
    new_group(f, "metrics").attrs["val_mae"] = 2.5


def write_good(path):
    with new_file(path) as f:
        write_root(f, "lstm")
        write_member(f, 1)


def write_good_ensemble(path):
    with new_file(path) as f:
        write_root(f, "ensemble")
        write_config(new_group(f, "config"))
        members = new_group(f, "members")
        for i in range(2):
            m = new_group(members, str(i))
            write_member(m, 10 + i, hidden=H + i, layers=L - i, head=D * (1 - i),
                         attention=1 - i)
            m.attrs["weight"] = 0.5


def replace(group, name, data=None, **kw):
    del group[name]
    put(group, name, data, **kw)


def set_nan(f):
    w = f["weights/lstm.weight_hh_l0"][...]
    w.flat[5] = np.nan
    f["weights/lstm.weight_hh_l0"][...] = w


def set_inf(f):
    v = f["scaler/min"][...]
    v[1] = np.inf
    f["scaler/min"][...] = v


def features_differ(f):
    c = f["members/1/config"]
    put_strings(c, "features", FEATURES[:2])
    replace(f["members/1/weights"], "lstm.weight_ih_l0",
            np.zeros((4 * (H + 1), 2), dtype=np.float32))


def empty_members(f):
    del f["members/0"]
    del f["members/1"]


def grid_not_string(f):
    reset(f, "kind", np.bytes_("grid"))
    put(f, "grid", np.zeros(3, dtype=np.float32))


# name: (base, change applied to the open file)
VARIANTS = {
    "no_format": ("good", lambda f: f.attrs.__delitem__("format")),
    "other_format": ("good", lambda f: reset(f, "format", np.bytes_("keras-model"))),
    "vlen_format": ("good", lambda f: put_vlen(f, "format", "scaleahead-model")),
    "vlen_features": ("good", lambda f: put_vlen(f["config"], "features", FEATURES)),
    "format_not_string": ("good", lambda f: reset(f, "format", np.int32(1))),
    "version2": ("good", lambda f: reset(f, "format_version", np.int32(2))),
    "bad_kind": ("good", lambda f: reset(f, "kind", np.bytes_("forest"))),
    "no_config": ("good", lambda f: f.__delitem__("config")),
    "missing_tensor": ("good", lambda f: f["weights"].__delitem__("lstm.bias_hh_l1")),
    "extra_tensor": ("good", lambda f: put(
        f["weights"], "fc3.weight", np.zeros((1, 3), dtype=np.float32))),
    "wrong_shape": ("good", lambda f: replace(
        f["weights"], "lstm.weight_ih_l0", np.zeros((16, 4), dtype=np.float32))),
    # 10 GB claimed by the header, no data stored (late allocation).
    "huge_weight": ("good", lambda f: replace(
        f["weights"], "lstm.weight_hh_l0", shape=(50000, 50000), dtype="f4")),
    "huge_history": ("good", lambda f: replace(
        f["history"], "train_loss", shape=(2700000000,), dtype="f4")),
    "int_weights": ("good", lambda f: replace(
        f["weights"], "fc2.bias", np.zeros(1, dtype=np.int32))),
    "weights_3d": ("good", lambda f: replace(
        f["weights"], "fc1.bias", np.zeros((3, 1, 1), dtype=np.float32))),
    "nan_weight": ("good", set_nan),
    "inf_scaler": ("good", set_inf),
    "hidden0": ("good", lambda f: reset(f["config"], "hidden", np.int32(0))),
    "hidden_huge": ("good", lambda f: reset(f["config"], "hidden", np.int32(1000000000))),
    "hidden_int64": ("good", lambda f: reset(f["config"], "hidden", np.int64(10**10))),
    "hidden_array": ("good", lambda f: reset(
        f["config"], "hidden", np.arange(1000, dtype=np.int32))),
    "hidden_float": ("good", lambda f: reset(f["config"], "hidden", np.float64(4.0))),
    "layers0": ("good", lambda f: reset(f["config"], "layers", np.int32(0))),
    "dropout_nan": ("good", lambda f: reset(f["config"], "dropout", np.float64("nan"))),
    "too_many_features": ("good", lambda f: put_strings(
        f["config"], "features", (FEATURES * 7)[:20])),
    "long_feature_name": ("good", lambda f: put_strings(
        f["config"], "features", ["cpu_utilization", "x" * 100, "hour"])),
    "long_target": ("good", lambda f: reset(f["config"], "target", np.bytes_("t" * 100))),
    "history_mismatch": ("good", lambda f: replace(
        f["history"], "val_loss", np.zeros(4, dtype=np.float32))),
    "scaler_short": ("good", lambda f: replace(
        f["scaler"], "min", np.zeros(2, dtype=np.float32))),
    "no_scaler": ("good", lambda f: f.__delitem__("scaler")),
    "too_many_metrics": ("good", lambda f: [reset(f["metrics"], f"m{i}", float(i))
                                            for i in range(33)]),
    "metric_not_number": ("good", lambda f: reset(f["metrics"], "val_mae", np.bytes_("2.5"))),
    "ensemble_gap": ("good_ensemble", lambda f: f["members"].move("1", "2")),
    "ensemble_no_weight": ("good_ensemble", lambda f: f["members/1"].attrs.__delitem__(
        "weight")),
    "ensemble_features_differ": ("good_ensemble", features_differ),
    "ensemble_features_reordered": ("good_ensemble", lambda f: put_strings(
        f["members/1/config"], "features", FEATURES[::-1])),
    "ensemble_empty": ("good_ensemble", empty_members),
    "grid_not_string": ("good_ensemble", grid_not_string),
}


def main():
    bases = {"good": write_good, "good_ensemble": write_good_ensemble}
    for name, write in bases.items():
        write(os.path.join(HERE, name + ".h5"))
    for name, (base, change) in VARIANTS.items():
        path = os.path.join(HERE, name + ".h5")
        bases[base](path)
        with h5py.File(path, "r+") as f:
            change(f)
    with open(os.path.join(HERE, "good.h5"), "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "truncated.h5"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(HERE, "not_hdf5.h5"), "w") as f:
        f.write("timestamp,cpu_utilization\n2026-01-01 00:00:00,12.5\n")
    open(os.path.join(HERE, "empty.h5"), "wb").close()


if __name__ == "__main__":
    main()
