"""Processing a phone's photo: a 12-megapixel JPEG (and HEIC) with its EXIF, GPS position and
colour profile, through `photo_prepare` (checked, turned upright, converted to sRGB, cleaned,
resized twice, encoded as WebP), against decoding the same file alone, the floor any processing
pays. Time in this process, interleaved; peak memory in a fresh child process per run, since
Pillow allocates its pixels outside Python's heap, where only the process's resident size sees
them (VmHWM, or `ru_maxrss` where there is no /proc). Each child's peak is given above that of a
child that only imports and reads the file."""

from __future__ import annotations

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms, ImageFilter

from bench.common import Row

NAME = "photo processing"
DESCRIPTION = (
    "a 12-megapixel phone photo (4032×3024, EXIF with GPS and a sideways orientation, an ICC "
    "profile) made by the bench itself, as JPEG and as HEIC; 'photo_prepare' is the real "
    "processing, 'decoding alone' opens and decodes the same file whole (the floor of any "
    "processing that decodes it whole: photo_prepare decodes a JPEG at a reduced scale, so it "
    "may go below it). Times interleaved in one process; peak resident memory of a child "
    "process per run, above a child that only reads the file ('queries' is 0: no database)."
)
SIZE = (4032, 3024)
ROUNDS = 7
MEMORY_ROUNDS = 3
GPS_IFD = 0x8825


def phone_photo(fmt: str) -> bytes:
    """Smooth gradients with fine grain, as a photo compresses: a few MB, like a phone's."""
    ramp = Image.linear_gradient("L").resize(SIZE)
    grain = Image.effect_noise(SIZE, 48).filter(ImageFilter.GaussianBlur(1.0))
    rings = Image.radial_gradient("L").resize(SIZE)
    image = Image.merge("RGB", [ramp, grain, rings])
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    exif[0x0112] = 6  # taken sideways: turned upright when processed
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (45.0, 46.0, 30.0), 3: "E", 4: (4.0, 49.0, 10.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
        image.save(out, format="HEIF", quality=60, exif=exif.tobytes(), icc_profile=icc)
    else:
        image.save(out, format="JPEG", quality=92, exif=exif.tobytes(), icc_profile=icc)
    return out.getvalue()


def decode(data: bytes) -> None:
    from neighbourhood.photos import processing  # registers the HEIC opener

    assert processing
    Image.open(io.BytesIO(data)).load()


def prepare(data: bytes) -> None:
    from neighbourhood.photos.processing import photo_prepare

    photo_prepare(io.BytesIO(data))


ACTIONS: dict[str, Callable[[bytes], None]] = {"decode": decode, "prepare": prepare}


def _interleaved(data: bytes) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in ACTIONS}
    for action in ACTIONS.values():
        action(data)  # warm up
    for _ in range(ROUNDS):
        for name, action in ACTIONS.items():
            started = time.perf_counter()
            action(data)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def _peak_kb(action: str, path: Path) -> int:
    """The peak resident size of a fresh interpreter that reads the file and runs ``action``
    (``read``: nothing more)."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.photo_processing", action, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "neighbourhood.settings"},
        cwd=Path(__file__).resolve().parent.parent,
    )
    return int(result.stdout.strip().splitlines()[-1])


def _peaks_mb(path: Path) -> dict[str, float]:
    peaks: dict[str, list[int]] = {"read": [], **{name: [] for name in ACTIONS}}
    for _ in range(MEMORY_ROUNDS):
        for name in peaks:
            peaks[name].append(_peak_kb(name, path))
    base = statistics.median(peaks["read"])
    return {name: (statistics.median(peaks[name]) - base) / 1024 for name in ACTIONS}


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def _rows(label: str, data: bytes) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo"
        path.write_bytes(data)
        timings = _interleaved(data)
        peaks = _peaks_mb(path)
    floor, work = statistics.median(timings["decode"]), statistics.median(timings["prepare"])
    case = f"12 MP {label} ({len(data) / 1e6:.1f} MB)"
    return [
        Row(
            NAME,
            f"{case}, decoding alone",
            floor,
            _p90(timings["decode"]),
            0,
            f"1.0×, peak +{peaks['decode']:.0f} MB",
        ),
        Row(
            NAME,
            f"{case}, photo_prepare",
            work,
            _p90(timings["prepare"]),
            0,
            f"{work / floor:.1f}× slower, peak +{peaks['prepare']:.0f} MB "
            f"({peaks['prepare'] / max(peaks['decode'], 1):.1f}× the floor's)",
        ),
    ]


def run() -> list[Row]:
    rows = _rows("JPEG", phone_photo("JPEG"))
    try:
        heic = phone_photo("HEIF")
    except (OSError, ValueError, KeyError):
        return rows  # a pillow-heif built without an encoder: JPEG only
    return rows + _rows("HEIC", heic)


def _child(action: str, path: str) -> None:
    # Everything imported and the file read, whatever the action: only the work differs.
    from neighbourhood.photos import processing

    assert processing
    data = Path(path).read_bytes()
    if action != "read":
        ACTIONS[action](data)
    print(_peak_resident_kb())


def _peak_resident_kb() -> int:
    # Linux's VmHWM is this program's own peak: ru_maxrss also keeps, across fork and exec, the
    # peak of the process it was forked from (here the bench, which has made the photos).
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
