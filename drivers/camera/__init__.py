"""Face and iris cameras read through OpenCV's ``cv2.VideoCapture``, and their simulators.

Nothing here is imported by ``drivers`` itself: the registry loads
``drivers.camera.backends`` or ``drivers.camera.sim`` (and with them cv2)
only when a camera backend is chosen.
"""
