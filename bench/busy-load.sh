#!/bin/sh
# Busy loops on every core, nice'd, for $1 seconds: the load under which terminate hangs were seen.
n=$(nproc)
for i in $(seq "$n"); do nice -n 19 timeout "$1" sh -c 'while :; do :; done' & done
wait
