# shell-help: the command list, one command's help, the errors for an
# unknown command and bad usage, quoting, and the default device.
help dev
help nosuch
nosuch arg
help a b
dev
dev nosuch
"unterminated
dev a b
dev sim0
dev ram0
help
echo "two  spaces" and\ more "" end
echo
