"""A page's kernel answers its widgets' messages and refuses code sent over the websocket."""
from sitetools import KernelChannel, message, wait_until

from siteprocess import kernel_id_of


def test_execute_request_is_ignored_while_widget_messages_work(course_site, tmp_path):
    status, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    assert status == 200
    marker = tmp_path / "code-ran"
    with KernelChannel(course_site, kernel_id_of(body.decode())) as kernel:
        run = kernel.send(message("execute_request", {
            "code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        info = kernel.send(message("kernel_info_request", {}))
        comms = kernel.send(message("comm_info_request", {"target_name": "jupyter.widget"}))
        got = kernel.replies_until("comm_info_reply", comms)
    replies = {(m["msg_type"], m["parent_header"].get("msg_id")) for m in got}
    # the channel works: the kernel answers what the widget manager sends ...
    assert ("kernel_info_reply", info) in replies
    assert [m for m in got if m["msg_type"] == "comm_info_reply" and m["content"]["comms"]]
    # ... and never sees the code: the kernel handles a shell channel's messages in order, so had the
    # code reached it, its reply (sent after the code ran) would have come before this last reply
    assert not [m for m in got if m["parent_header"].get("msg_id") == run]
    assert not marker.exists()
    wait_until(lambda: 'Received message of type "execute_request", which is not allowed' in course_site.log, 10,
               "the server logging the refusal")


def test_a_widget_can_be_driven_through_its_comm(course_site):
    """The refusal above is selective: a widget's state can be read, as the page's widget manager does."""
    _, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    with KernelChannel(course_site, kernel_id_of(body.decode())) as kernel:
        states = kernel.widget_states()
    assert any(s.get("_model_name") == "TextareaModel" for s in states)
