//! Trust stores: the bundled Salesforce snapshot, Mozilla's store, and custom roots.
