enum ProjectionsPlaceholder {}
