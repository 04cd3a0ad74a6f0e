"""nbgrader settings every hub user shares (students and instructors).

JupyterHub puts this folder on JUPYTER_CONFIG_PATH for every single-user server, so the
nbgrader lab extension (Assignments tab) and the ``nbgrader`` command both read it. The
instructor's course folder has its own ``nbgrader_config.py`` (``quizzes/``), which nbgrader
reads after this one; its settings win where both set the same thing.

Environment (set by ``deploy/jupyterhub/jupyterhub_config.py``):
  VENOUS_EXCHANGE_ROOT        the shared exchange folder (default /srv/nbgrader/exchange)
  VENOUS_EXCHANGE_CHECK_OWNER "1" (default): collect only submissions whose folder is owned by
                              the unix user of the same name; "0" turns it off (a hub where
                              every user has the same uid, e.g. Kubernetes' jovyan).
"""

import os
import sys
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "venous-course"
c.Exchange.root = os.environ.get("VENOUS_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
# Every user has their own cache in their own home (0700): it holds the secret that names
# their feedback file, so a shared cache would hand one student another's feedback.
c.Exchange.cache = os.path.join(jupyter_data_dir(), "nbgrader_cache")

# A submission appears in the exchange whole or not at all (a full disk, a server that dies
# mid-copy), and a quiz folder with a link or special file in it is refused.
c.ExchangeFactory.submit = "venous_exchange.AtomicSubmit"

if os.environ.get("VENOUS_EXCHANGE_CHECK_OWNER", "1") == "1":
    # nbgrader 0.9.6 only warns when a submission named "bob+quiz+..." is owned by alice;
    # this collector skips it, so one student cannot submit in another's name.
    c.ExchangeFactory.collect = "venous_exchange.OwnerCheckedCollect"
