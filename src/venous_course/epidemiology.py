"""How common venous disease is, and how often it appears over time: the Edinburgh Vein Study.

Numbers from the course fact sheet, each next to its BibTeX key in ``assets/references.bib``:

- Adults aged 18-64 (Evans et al. 1999, ``evans1999edinburgh``): trunk varicose veins in 40%
  of men and 32% of women; chronic venous insufficiency (CVI) in 9% of men and 7% of women.
- 13-year follow-up of the general population (``robertson2016edinburgh``): new varicose
  veins in 18.2% of people (about 1.4% a year) and new CVI in 9.2%. These are new cases in
  people followed over time, not recurrences after treatment.

Figures: :mod:`venous_course.figures.epidemiology`. Education, never individual advice.
"""

from __future__ import annotations

# Edinburgh Vein Study 1999 (evans1999edinburgh), ages 18-64, per cent of people examined.
EDINBURGH_TRUNK_VARICES_PERCENT = {"men": 40.0, "women": 32.0}
EDINBURGH_CVI_PERCENT = {"men": 9.0, "women": 7.0}

# Edinburgh Vein Study 13-year follow-up (robertson2016edinburgh).
EDINBURGH_NEW_VARICOSE_PERCENT = 18.2  # % of people with new varicose veins over 13 years
EDINBURGH_NEW_VARICOSE_PER_YEAR_PERCENT = 1.4  # the same, per year
EDINBURGH_NEW_CVI_PERCENT = 9.2  # % of people with new chronic venous insufficiency
