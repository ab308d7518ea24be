module hms

go 1.19
