"""Putting a new public site in place, and recovering from a command killed while doing it.

Publish and withdraw build the new `published_site/` and the new built site in a work
folder under build/, then swap each into place with two renames (the old folder is
moved aside as `.<name>.old-<pid>`, the new one renamed in, the old one removed). A kill
can land between two renames; `recover_site`, run by the next publish, withdraw or site
build before anything else, puts things right: a folder whose new version never arrived
gets its saved copy back, a saved copy whose new version is in place is removed, and
the work folders of killed runs are deleted.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.site.builder import site_output
from pipeline.stages.order import refuse_withdrawn
from pipeline.store.audit import fault_point
from pipeline.store.fileio import review_lock
from pipeline.store.workspace import Workspace

WORK_PREFIXES = (".publish-", ".withdraw-", ".site-new-")
SITE_LOCK = ".site.lock"  # held by whoever changes published_site/ or build/_site/


def _saved_copies(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.old-*"))


def _recover_one(target: Path) -> list[str]:
    done = []
    for old in _saved_copies(target):
        if not target.exists():
            os.replace(old, target)  # the new folder never arrived: the saved copy returns
            done.append(f"restored {target.name} from its saved copy")
        else:
            shutil.rmtree(old, ignore_errors=True)  # the new folder is in place
            done.append(f"removed the saved copy of {target.name}")
    return done


def recover_site(ws: Workspace) -> list[str]:
    """Undo what a killed publish or withdraw left half done; returns what was done.

    The caller holds the site lock (build/.site.lock).
    """
    done = _recover_one(ws.site) + _recover_one(site_output(ws))
    if ws.build.is_dir():
        for prefix in WORK_PREFIXES:
            for work in ws.build.glob(f"{prefix}*"):
                shutil.rmtree(work, ignore_errors=True)
                done.append(f"removed the work folder {work.name}")
    return done


def prepare_site(ws: Workspace) -> list[str]:
    """Before a site is built: recover a killed swap, and refuse a withdrawn review.

    Raises:
        InputError: published_site/ holds a withdrawn review again (1).
    """
    with review_lock(ws.build / SITE_LOCK, ref="the public site"):
        done = recover_site(ws)
        refuse_withdrawn(ws)
    return done


def swap_site(ws: Workspace, *, source: Path, built: Path, command: str) -> None:
    """Put the new site source and the new built site in place (each all or nothing).

    The built site goes first: a kill between the two leaves the old source, which the
    next command builds again, never a built site that still holds what was taken out.
    """
    _replace(built, site_output(ws), point=f"{command}:site")
    fault_point(f"{command}:between")
    _replace(source, ws.site, point=f"{command}:source")


def _replace(new: Path, target: Path, *, point: str) -> None:
    """Put `new` where `target` is: the old one moved aside first, removed only afterwards."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    fault_point(f"{point}:aside")  # the moment between the two renames
    try:
        os.replace(new, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    fault_point(f"{point}:renamed")
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["SITE_LOCK", "prepare_site", "recover_site", "swap_site"]
