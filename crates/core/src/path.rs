//! Path building: from each leaf through supplied intermediates to a trust anchor, within a budget.
