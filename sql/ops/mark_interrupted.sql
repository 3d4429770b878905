-- A run still 'running' while nobody holds the writer lock was killed: say so.
update pipeline_run
set status = 'interrupted',
    message = '运行中断(进程被终止), 未完成的批次已整体回滚'
where status = 'running'
