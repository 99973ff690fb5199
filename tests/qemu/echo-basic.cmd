# echo-basic: the serial line editor echoes what is typed and the
# placeholder shell answers "you typed: LINE" after each Enter.
hello
echo test 123

